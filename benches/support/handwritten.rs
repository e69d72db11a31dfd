//! Hand-written models of the same client graph, the way one would write them
//! without a schema: plain `#[derive(Deserialize)]` structs, `Option<T>` for
//! every nullable or optional property (absent and `null` not kept apart),
//! closed enums (an unknown value is an error), and no unknown-property
//! keeping (serde skips unknown keys). The Rust field types otherwise match
//! the generated ones (`i64` timestamps, `i32` counts, JSON maps for
//! metadata), so the comparison measures what the generated code adds: the
//! `extra` maps, the tolerant enums, `null`/absent bookkeeping.

#![allow(dead_code)]

use serde::Deserialize;
use serde_json::{Map, Value};

pub type Timestamp = i64;
pub type Metadata = Map<String, Value>;

#[derive(Debug, Deserialize)]
pub struct ClientEnvelope {
    pub response: Option<Client>,
    #[serde(default)]
    pub client: Option<Client>,
}

#[derive(Debug, Deserialize)]
pub struct UserEnvelope {
    pub response: User,
    #[serde(default)]
    pub client: Option<Client>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientObject {
    Client,
}

#[derive(Debug, Deserialize)]
pub struct Client {
    pub object: ClientObject,
    pub id: String,
    pub sessions: Vec<Session>,
    pub sign_in: Option<SignIn>,
    pub sign_up: Option<SignUp>,
    pub last_active_session_id: Option<String>,
    pub last_authentication_strategy: Option<String>,
    pub cookie_expires_at: Option<Timestamp>,
    pub captcha_bypass: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionObject {
    Session,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Active,
    Revoked,
    Ended,
    Expired,
    Removed,
    Abandoned,
    Pending,
    Replaced,
}

#[derive(Debug, Deserialize)]
pub struct Session {
    pub object: SessionObject,
    pub id: String,
    pub status: SessionStatus,
    pub expire_at: Timestamp,
    pub abandon_at: Timestamp,
    pub last_active_at: Timestamp,
    pub last_active_token: Option<Token>,
    pub last_active_organization_id: Option<String>,
    pub actor: Option<Actor>,
    #[serde(default)]
    pub tasks: Option<Vec<SessionTask>>,
    #[serde(default)]
    pub current_task: Option<SessionTask>,
    pub user: User,
    pub public_user_data: Option<PublicUserData>,
    pub factor_verification_age: (i32, i32),
    #[serde(default)]
    pub latest_activity: Option<SessionActivity>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenObject {
    Token,
}

#[derive(Debug, Deserialize)]
pub struct Token {
    pub object: TokenObject,
    pub jwt: String,
}

#[derive(Debug, Deserialize)]
pub struct Actor {
    pub sub: String,
    #[serde(default)]
    pub iss: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionTaskKey {
    ChooseOrganization,
    ResetPassword,
    SetupMfa,
}

#[derive(Debug, Deserialize)]
pub struct SessionTask {
    pub key: SessionTaskKey,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionActivityObject {
    SessionActivity,
}

#[derive(Debug, Deserialize)]
pub struct SessionActivity {
    pub object: SessionActivityObject,
    pub id: String,
    pub is_mobile: bool,
    #[serde(default)]
    pub device_type: Option<String>,
    #[serde(default)]
    pub browser_name: Option<String>,
    #[serde(default)]
    pub browser_version: Option<String>,
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PublicUserData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    pub has_image: bool,
    pub identifier: String,
    pub username: Option<String>,
    pub profile_image_url: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub banned: Option<bool>,
    #[serde(default)]
    pub deprovisioned: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserObject {
    User,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub object: UserObject,
    pub id: String,
    pub external_id: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub image_url: String,
    pub profile_image_url: String,
    #[serde(default)]
    pub profile_image_id: Option<String>,
    pub has_image: bool,
    pub primary_email_address_id: Option<String>,
    pub primary_phone_number_id: Option<String>,
    pub primary_web3_wallet_id: Option<String>,
    pub password_enabled: bool,
    pub two_factor_enabled: bool,
    pub totp_enabled: bool,
    pub backup_code_enabled: bool,
    pub email_addresses: Vec<EmailAddress>,
    pub phone_numbers: Vec<PhoneNumber>,
    pub web3_wallets: Vec<Web3Wallet>,
    pub passkeys: Vec<Passkey>,
    #[serde(default)]
    pub organization_memberships: Option<Vec<OrganizationMembership>>,
    pub external_accounts: Vec<ExternalAccount>,
    pub enterprise_accounts: Vec<EnterpriseAccount>,
    pub saml_accounts: Vec<SamlAccount>,
    pub password_last_updated_at: Option<Timestamp>,
    pub public_metadata: Metadata,
    pub unsafe_metadata: Metadata,
    pub last_sign_in_at: Option<Timestamp>,
    pub banned: bool,
    pub locked: bool,
    #[serde(default)]
    pub deprovisioned: Option<bool>,
    pub lockout_expires_in_seconds: Option<i64>,
    pub verification_attempts_remaining: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub delete_self_enabled: bool,
    pub create_organization_enabled: bool,
    #[serde(default)]
    pub create_organizations_limit: Option<i32>,
    pub last_active_at: Option<Timestamp>,
    pub mfa_enabled_at: Option<Timestamp>,
    pub mfa_disabled_at: Option<Timestamp>,
    pub legal_accepted_at: Option<Timestamp>,
    pub bypass_client_trust: bool,
}

#[derive(Debug, Deserialize)]
pub struct IdentificationLink {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailAddressObject {
    EmailAddress,
}

#[derive(Debug, Deserialize)]
pub struct EmailAddress {
    pub object: EmailAddressObject,
    pub id: String,
    pub email_address: String,
    pub reserved: bool,
    pub verification: Option<Verification>,
    pub linked_to: Vec<IdentificationLink>,
    pub matches_sso_connection: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneNumberObject {
    PhoneNumber,
}

#[derive(Debug, Deserialize)]
pub struct PhoneNumber {
    pub object: PhoneNumberObject,
    pub id: String,
    pub phone_number: String,
    pub reserved: bool,
    pub reserved_for_second_factor: bool,
    pub default_second_factor: bool,
    pub verification: Option<Verification>,
    pub linked_to: Vec<IdentificationLink>,
    pub backup_codes: Option<Vec<String>>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Web3WalletObject {
    Web3Wallet,
}

#[derive(Debug, Deserialize)]
pub struct Web3Wallet {
    pub object: Web3WalletObject,
    pub id: String,
    pub web3_wallet: String,
    pub verification: Option<Verification>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasskeyObject {
    Passkey,
}

#[derive(Debug, Deserialize)]
pub struct Passkey {
    pub object: PasskeyObject,
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub last_used_at: Option<Timestamp>,
    pub verification: Option<Verification>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(clippy::enum_variant_names)]
pub enum ExternalAccountObject {
    ExternalAccount,
    FacebookAccount,
    GoogleAccount,
}

#[derive(Debug, Deserialize)]
pub struct ExternalAccount {
    pub object: ExternalAccountObject,
    pub id: String,
    pub provider: String,
    pub identification_id: String,
    pub provider_user_id: String,
    pub approved_scopes: String,
    pub email_address: String,
    #[serde(default)]
    pub email_address_verified: Option<bool>,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub image_url: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    pub public_metadata: Metadata,
    #[serde(default)]
    pub label: Option<String>,
    pub verification: Option<Verification>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseProtocol {
    Oauth,
    Saml,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseAccountObject {
    EnterpriseAccount,
}

#[derive(Debug, Deserialize)]
pub struct EnterpriseAccount {
    pub object: EnterpriseAccountObject,
    pub id: String,
    pub protocol: EnterpriseProtocol,
    pub provider: String,
    pub active: bool,
    pub email_address: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub provider_user_id: Option<String>,
    pub public_metadata: Metadata,
    pub verification: Option<Verification>,
    pub enterprise_connection: Option<EnterpriseConnection>,
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    #[serde(default)]
    pub last_authenticated_at: Option<Timestamp>,
}

#[derive(Debug, Deserialize)]
pub struct EnterpriseConnection {
    pub id: String,
    pub protocol: EnterpriseProtocol,
    pub provider: String,
    pub name: String,
    pub logo_public_url: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub domains: Option<Vec<String>>,
    pub active: bool,
    pub sync_user_attributes: bool,
    pub disable_additional_identifications: bool,
    pub allow_subdomains: bool,
    pub allow_idp_initiated: bool,
    #[serde(default)]
    pub allow_organization_account_linking: Option<bool>,
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SamlAccountObject {
    SamlAccount,
}

#[derive(Debug, Deserialize)]
pub struct SamlAccount {
    pub object: SamlAccountObject,
    pub id: String,
    pub provider: String,
    pub active: bool,
    pub email_address: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub provider_user_id: Option<String>,
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    #[serde(default)]
    pub last_authenticated_at: Option<Timestamp>,
    pub public_metadata: Metadata,
    pub verification: Option<Verification>,
    pub saml_connection: Option<SamlConnection>,
}

#[derive(Debug, Deserialize)]
pub struct SamlConnection {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub domains: Option<Vec<String>>,
    pub active: bool,
    pub provider: String,
    pub sync_user_attributes: bool,
    #[serde(default)]
    pub allow_subdomains: Option<bool>,
    #[serde(default)]
    pub allow_idp_initiated: Option<bool>,
    #[serde(default)]
    pub disable_additional_identifications: Option<bool>,
    #[serde(default)]
    pub allow_organization_account_linking: Option<bool>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationObject {
    Organization,
}

#[derive(Debug, Deserialize)]
pub struct Organization {
    pub object: OrganizationObject,
    pub id: String,
    pub name: String,
    pub slug: Option<String>,
    #[serde(default)]
    pub image_url: Option<String>,
    pub has_image: bool,
    #[serde(default)]
    pub members_count: Option<i32>,
    #[serde(default)]
    pub pending_invitations_count: Option<i32>,
    pub max_allowed_memberships: i32,
    pub admin_delete_enabled: bool,
    #[serde(default)]
    pub self_serve_sso_enabled: Option<bool>,
    #[serde(default)]
    pub exclusive_membership: Option<bool>,
    pub public_metadata: Metadata,
    #[serde(default)]
    pub logo_url: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationMembershipObject {
    OrganizationMembership,
}

#[derive(Debug, Deserialize)]
pub struct OrganizationMembership {
    pub object: OrganizationMembershipObject,
    pub id: String,
    pub public_metadata: Metadata,
    pub role: String,
    pub role_name: String,
    pub permissions: Option<Vec<String>>,
    pub organization: Organization,
    #[serde(default)]
    pub public_user_data: Option<PublicUserData>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationObject {
    VerificationOtp,
    VerificationEmailLink,
    VerificationPassword,
    VerificationAdmin,
    VerificationOauth,
    VerificationWeb3,
    VerificationTicket,
    VerificationSaml,
    VerificationPasskey,
    VerificationTrustedDevice,
    VerificationGoogleOneTap,
    VerificationTotp,
    VerificationBackupCode,
    VerificationInvitation,
    VerificationScim,
    VerificationFromOauth,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    Unverified,
    Verified,
    Transferable,
    Failed,
    Expired,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneCodeChannel {
    Sms,
    Whatsapp,
}

#[derive(Debug, Deserialize)]
pub struct Verification {
    pub object: VerificationObject,
    pub status: VerificationStatus,
    pub strategy: String,
    pub attempts: Option<i32>,
    pub expire_at: Option<Timestamp>,
    #[serde(default)]
    pub error: Option<ClerkError>,
    #[serde(default)]
    pub external_verification_redirect_url: Option<String>,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub verified_at_client: Option<String>,
    #[serde(default)]
    pub channel: Option<PhoneCodeChannel>,
    #[serde(default)]
    pub trusted_device_challenge: Option<TrustedDeviceChallenge>,
}

#[derive(Debug, Deserialize)]
pub struct ClerkError {
    pub message: String,
    pub long_message: String,
    pub code: String,
    #[serde(default)]
    pub meta: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrustedDeviceChallengeObject {
    TrustedDeviceChallenge,
}

#[derive(Debug, Deserialize)]
pub enum TrustedDeviceAlgorithm {
    ES256,
}

#[derive(Debug, Deserialize)]
pub struct TrustedDeviceChallenge {
    pub object: TrustedDeviceChallengeObject,
    pub challenge: String,
    pub challenge_id: String,
    #[serde(default)]
    pub trusted_device_id: Option<String>,
    pub client_data: String,
    pub expires_at: Timestamp,
    pub algorithm: TrustedDeviceAlgorithm,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInObject {
    SignInAttempt,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInStatus {
    Abandoned,
    NeedsIdentifier,
    NeedsFirstFactor,
    NeedsSecondFactor,
    NeedsClientTrust,
    NeedsNewPassword,
    NeedsProtectCheck,
    Complete,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInIdentifier {
    EmailAddress,
    PhoneNumber,
    Username,
    Web3Wallet,
    Passkey,
    Password,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientTrustState {
    Pending,
    New,
    Known,
}

#[derive(Debug, Deserialize)]
pub struct SignIn {
    pub object: SignInObject,
    pub id: String,
    pub status: SignInStatus,
    pub supported_identifiers: Vec<SignInIdentifier>,
    pub identifier: Option<String>,
    pub supported_first_factors: Option<Vec<SignInFactor>>,
    pub supported_second_factors: Option<Vec<SignInFactor>>,
    pub first_factor_verification: Option<Verification>,
    pub second_factor_verification: Option<Verification>,
    pub user_data: Option<SignInUserData>,
    pub created_session_id: Option<String>,
    pub abandon_at: Timestamp,
    #[serde(default)]
    pub client_trust_state: Option<ClientTrustState>,
    pub locale: Option<String>,
    #[serde(default)]
    pub protect_check: Option<ProtectCheck>,
}

#[derive(Debug, Deserialize)]
pub struct SignInFactor {
    pub strategy: String,
    #[serde(default)]
    pub safe_identifier: Option<String>,
    #[serde(default)]
    pub email_address_id: Option<String>,
    #[serde(default)]
    pub phone_number_id: Option<String>,
    #[serde(default)]
    pub web3_wallet_id: Option<String>,
    #[serde(default)]
    pub passkey_id: Option<String>,
    #[serde(default)]
    pub trusted_device_id: Option<String>,
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    #[serde(default)]
    pub enterprise_connection_name: Option<String>,
    #[serde(default)]
    pub primary: Option<bool>,
    #[serde(default)]
    pub default: Option<bool>,
    #[serde(default)]
    pub external_verification_redirect_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignInUserData {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[serde(default)]
    pub image_url: Option<String>,
    pub has_image: bool,
    #[serde(default)]
    pub profile_image_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtectCheckStatus {
    Pending,
}

#[derive(Debug, Deserialize)]
pub struct ProtectCheck {
    pub status: ProtectCheckStatus,
    pub token: String,
    pub sdk_url: String,
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    #[serde(default)]
    pub ui_hints: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignUpObject {
    SignUpAttempt,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignUpStatus {
    Abandoned,
    MissingRequirements,
    Complete,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignUpNextAction {
    NeedsPrepare,
    NeedsAttempt,
    #[serde(rename = "")]
    Nothing,
}

#[derive(Debug, Deserialize)]
pub struct SignUp {
    pub object: SignUpObject,
    pub id: String,
    pub status: SignUpStatus,
    pub required_fields: Vec<String>,
    pub optional_fields: Vec<String>,
    pub missing_fields: Vec<String>,
    pub unverified_fields: Vec<String>,
    pub verifications: SignUpVerifications,
    pub username: Option<String>,
    pub email_address: Option<String>,
    pub phone_number: Option<String>,
    pub web3_wallet: Option<String>,
    pub password_enabled: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub unsafe_metadata: Metadata,
    pub public_metadata: Metadata,
    pub custom_action: bool,
    pub external_id: Option<String>,
    pub created_session_id: Option<String>,
    pub created_user_id: Option<String>,
    pub abandon_at: Timestamp,
    pub legal_accepted_at: Option<Timestamp>,
    pub locale: Option<String>,
    #[serde(default)]
    pub protect_check: Option<ProtectCheck>,
}

#[derive(Debug, Deserialize)]
pub struct SignUpVerifications {
    pub email_address: Option<SignUpVerification>,
    pub phone_number: Option<SignUpVerification>,
    pub web3_wallet: Option<SignUpVerification>,
    pub external_account: Option<Verification>,
}

#[derive(Debug, Deserialize)]
pub struct SignUpVerification {
    pub object: VerificationObject,
    pub status: VerificationStatus,
    pub strategy: String,
    pub attempts: Option<i32>,
    pub expire_at: Option<Timestamp>,
    #[serde(default)]
    pub error: Option<ClerkError>,
    #[serde(default)]
    pub external_verification_redirect_url: Option<String>,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub verified_at_client: Option<String>,
    #[serde(default)]
    pub channel: Option<PhoneCodeChannel>,
    #[serde(default)]
    pub trusted_device_challenge: Option<TrustedDeviceChallenge>,
    pub next_action: SignUpNextAction,
    pub supported_strategies: Vec<String>,
}
