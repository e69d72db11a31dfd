#!/usr/bin/env python3
"""Writes tests/fixtures/clerk/composed/: one payload a file for the response kinds that no
recording covers, and their entries in tests/fixtures/clerk/verdicts.json.

    python3 tests/data/compose_fixtures.py

Each payload is assembled from objects the project already has, in this order of preference:
  1. objects of the recorded live responses (tests/fixtures/clerk/flutter/), e.g. the client,
     session, user, email address, phone number and session token of flutter/user-get-me.json;
  2. Clerk SDK test literals (the iOS fixtures already vendored under tests/fixtures/clerk/ios/,
     and literals quoted below from clerk-js, clerk-android and clerk-ios at the commits listed
     in tests/fixtures/clerk/SOURCES.md), completed with the keys the spec requires and stripped
     of keys that are SDK-side only (each entry's `composed` text says which);
  3. the spec itself (fapi/2026-05-12.yml) where neither has the object: the keys it declares,
     with values in the style of the recordings.
Every composed payload must conform to its kind and decode (check_schema.py and
tests/clerk_fixtures.rs hold it to that). Timestamps added here are the recordings' own clock:
1767225600000 (2026-01-01T00:00:00Z) plus whole seconds.
"""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "clerk"
OUT = FIXTURES / "composed"
VERDICTS = FIXTURES / "verdicts.json"
# Bodies whose shape alone is another kind's too (only the endpoint tells
# them apart): that kind, as the kind rules read it.
SHAPE_TELLS = {
    # {object: token, jwt} is a Token as much as a session-token body.
    "session-token-with-object.json": "Token",
}
T0 = 1767225600000

JS = "clerk-js (clerk/javascript)"


def recorded(name):
    return json.loads((FIXTURES / name).read_text())


ME = recorded("flutter/user-get-me.json")
USER = ME["response"]
CLIENT = ME["client"]
SESSION = CLIENT["sessions"][0]
EMAIL = USER["email_addresses"][0]
PHONE = USER["phone_numbers"][0]
TOKEN = SESSION["last_active_token"]
PUBLIC_USER_DATA = SESSION["public_user_data"]
IOS_ORGANIZATION = recorded("ios/organization-minimal.json")
IOS_TRUSTED_DEVICE = recorded("ios/trusted-device.json")
IOS_REVERIFICATION = recorded("ios/session-verification-needs-first-factor.json")

FROM_ME = "client (and session, user) from flutter/user-get-me.json"


def c(value):
    return copy.deepcopy(value)


def envelope(response, client=None):
    return {"response": response, "client": c(CLIENT) if client is None else client}


# ---------------------------------------------------------------- objects

def active_session():
    """SessionBase-2 keys of the recorded session, plus a latest_activity."""
    keys = ["object", "id", "status", "expire_at", "abandon_at", "last_active_at", "last_active_token", "actor"]
    s = {k: c(SESSION[k]) for k in keys}
    s["latest_activity"] = {
        # clerk-ios Sources/ClerkKit/Mocks/MockModels.swift 72-81 (Session.mock.latestActivity), snake_case
        "object": "session_activity",
        "id": "1",
        "browser_name": "Safari",
        "browser_version": "17.1.1",
        "device_type": "iPhone",
        "ip_address": "196.172.122.88",
        "city": "Detroit",
        "country": "US",
        "is_mobile": True,
    }
    return s


def web3_wallet():
    # clerk-js Web3Wallet.test.ts 31-35 {id, object, web3_wallet} + the spec's required verification/timestamps
    return {
        "id": "test-id",
        "object": "web3_wallet",
        "web3_wallet": "0x0000000000000000000000000000000000000000",
        "verification": None,
        "created_at": T0 - 4000,
        "updated_at": T0 - 2000,
    }


def passkey():
    # clerk/ui PasskeysSection.test.tsx 13-23, Date.now() replaced by the recordings' clock
    return {
        "object": "passkey",
        "id": "1234",
        "name": "Chrome on Mac",
        "created_at": T0 - 4000,
        "last_used_at": T0 - 3000,
        "verification": None,
        "updated_at": T0 - 2000,
    }


def external_account():
    # clerk-js src/test/core-fixtures.ts 114-136 (createExternalAccount)
    return {
        "id": "google",
        "object": "external_account",
        "provider": "google",
        "identification_id": "98675202",
        "provider_user_id": "3232",
        "approved_scopes": "",
        "email_address": "test@clerk.com",
        "first_name": "First name",
        "last_name": "Last name",
        "image_url": "",
        "username": "",
        "public_metadata": {},
        "verification": {"status": "verified", "strategy": "", "attempts": None, "expire_at": 1635977979774},
        "created_at": T0 - 4000,
        "updated_at": T0 - 2000,
    }


def totp(verified):
    # clerk-js User.test.ts 240-248 (create) and 270-276 (verify); createdAt/updatedAt written as the wire's
    # created_at/updated_at; secret and uri null once verified (required and nullable in the spec)
    if not verified:
        return {
            "id": "totp_foo",
            "object": "totp",
            "secret": "BANANA",
            "uri": "otpauth://totp/Cyberdyne%20%28development%29:vin@diesel.family?algorithm=SHA1&digits=6&issuer=Cyberdyne+%28development%29&period=30&secret=BANANA",
            "verified": False,
            "created_at": 1659607590792,
            "updated_at": 1659607590792,
        }
    return {
        "id": "totp_foo",
        "object": "totp",
        "secret": None,
        "uri": None,
        "verified": True,
        "backup_codes": ["1234", "5678"],
        "created_at": 1659607590792,
        "updated_at": 1659607590792,
    }


def backup_codes():
    # clerk-js User.test.ts 325-329 + the spec's required timestamps
    return {"object": "backup_code", "id": "bcode_1234", "codes": ["1234", "5678"],
            "created_at": T0 - 1000, "updated_at": T0 - 1000}


def trusted_device_challenge():
    # clerk-android TrustedDeviceSerializationTest.kt 103-111
    return {
        "object": "trusted_device_challenge",
        "challenge": "challenge-value",
        "challenge_id": "tdc_123",
        "trusted_device_id": "td_123",
        "client_data": "client-data-to-sign",
        "expires_at": 1720000005000,
        "algorithm": "ES256",
    }


def session_reverification():
    r = c(IOS_REVERIFICATION)
    out = {"object": "session_reverification"}
    out.update(r)
    out["first_factor_verification"] = None
    out["second_factor_verification"] = None
    out["session"] = c(SESSION)
    return out


ORGANIZATION = c(IOS_ORGANIZATION)


def public_organization_data():
    # clerk-js OrganizationSuggestion.test.ts 10-16
    return {"id": "test_org_id", "name": "Test org", "slug": "test-org", "image_url": "test_image_url", "has_image": True}


def membership():
    # clerk-js OrganizationMembership.test.ts 7-43, with role_name added (spec-required) and the
    # recorded session's public_user_data instead of the literal's (whose object/id keys are not wire keys)
    org = {
        "id": "test_org_id",
        "image_url": "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18xbHlXRFppb2JyNjAwQUtVZVFEb1NsckVtb00iLCJyaWQiOiJ1c2VyXzJKbElJQTN2VXNjWXh1N2VUMnhINmFrTGgxOCIsImluaXRpYWxzIjoiREsifQ?width=160",
        "name": "test_name",
        "slug": "test_slug",
        "public_metadata": {"public": "metadata"},
        "object": "organization",
        "created_at": 12345,
        "updated_at": 67890,
        "members_count": 1,
        "pending_invitations_count": 10,
        "admin_delete_enabled": True,
        "max_allowed_memberships": 3,
        "has_image": True,
    }
    return {
        "object": "organization_membership",
        "id": "test_id",
        "created_at": 12345,
        "updated_at": 5678,
        "role": "admin",
        "role_name": "Admin",
        "permissions": [],
        "organization": org,
        "public_metadata": {"foo": "bar"},
        "public_user_data": c(PUBLIC_USER_DATA),
    }


def membership_without_username():
    # the same membership, with the literal's own public_user_data (OrganizationMembership.test.ts 33-42)
    # minus its object and id keys: no username and no profile_image_url, which the spec does not require
    m = membership()
    m["public_user_data"] = {
        "first_name": "test_first_name",
        "last_name": "test_last_name",
        "image_url": " https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJodHRwczovL2xoMy5nb29nbGV1c2VyY29udGVudC5jb20vYS9BQ2c4b2NLTmR2TUtFQzN5cUVpMVFjV0UzQjExbF9WUEVOWW5manlLMlVQd0tCSWw9czEwMDAtYyIsInMiOiJkRkowS3dTSkRINndiODE5cXJTUUxxaWF1ZS9QcHdndC84L0lUUlpYNHpnIn0?width=160",
        "identifier": "test@identifier.gr",
        "has_image": True,
    }
    return m


def invitation():
    # clerk-js OrganizationInvitation.test.ts 7-19 + role_name, url, expires_at (spec-required)
    return {
        "object": "organization_invitation",
        "email_address": "test_email",
        "id": "test_id",
        "organization_id": "test_organization_id",
        "public_metadata": {"public": "metadata"},
        "role": "basic_member",
        "role_name": "Basic member",
        "url": None,
        "expires_at": None,
        "created_at": 12345,
        "updated_at": 5678,
        "status": "pending",
    }


def user_invitation():
    i = invitation()
    del i["organization_id"]
    i["public_organization_data"] = public_organization_data()
    return i


def suggestion():
    # clerk-js OrganizationSuggestion.test.ts 7-20
    return {
        "object": "organization_suggestion",
        "id": "test_id",
        "public_organization_data": public_organization_data(),
        "status": "pending",
        "created_at": 12345,
        "updated_at": 5678,
    }


def membership_request():
    # clerk-js OrganizationMembershipRequest.test.ts 7-23, with the recorded session's public_user_data
    return {
        "object": "organization_membership_request",
        "id": "test_id",
        "organization_id": "test_org_id",
        "status": "pending",
        "created_at": 12345,
        "updated_at": 5678,
        "public_user_data": c(PUBLIC_USER_DATA),
    }


def domain(verified):
    # clerk-js OrganizationDomain.test.ts 7-24 (verified) and 44-56 (nullable); the literal's verification
    # {attempts, expires_at, strategy, status} is written with the spec's expire_at and verified_at, and the
    # spec-required affiliation_verification/ownership_verification are added
    d = {
        "object": "organization_domain",
        "id": "test_domain_id",
        "name": "clerk.com",
        "organization_id": "test_org_id",
        "enrollment_mode": "manual_invitation",
        "verification": None,
        "affiliation_verification": None,
        "ownership_verification": None,
        "affiliation_email_address": None,
        "created_at": 12345,
        "updated_at": 5678,
        "total_pending_invitations": 0,
        "total_pending_suggestions": 0,
    }
    if verified:
        v = {"status": "verified", "strategy": "email_code", "attempts": 1, "expire_at": 12345, "verified_at": 12345}
        d["verification"] = c(v)
        d["affiliation_verification"] = c(v)
        d["affiliation_email_address"] = "some@clerk.com"
        d["ownership_verification"] = {
            "status": "unverified", "strategy": "txt", "attempts": 0, "expire_at": T0 + 86400000, "verified_at": None,
            "txt_record_name": "_clerk-verification.clerk.com", "txt_record_value": "clerk-verification=test_domain_id",
        }
    return d


def role(key, name, description, permissions, creator):
    # clerk/javascript packages/msw/request-handlers.ts 1512-1545 (GET /v1/organizations/:orgId/roles mock):
    # permissions as Permission objects (spec Client.Permission) and integer timestamps, as the spec declares
    return {
        "object": "role",
        "id": f"role_{key.split(':')[1]}",
        "key": key,
        "name": name,
        "description": description,
        "is_creator_eligible": creator,
        "permissions": [
            {"object": "permission", "id": f"perm_{p.split(':', 1)[1].replace(':', '_')}", "name": p, "key": p,
             "description": "", "type": "system", "created_at": T0 - 4000, "updated_at": T0 - 4000}
            for p in permissions
        ],
        "created_at": T0 - 4000,
        "updated_at": T0 - 4000,
    }


ROLES = [
    role("org:admin", "Admin", "Full access to all organization resources",
         ["org:sys_profile:manage", "org:sys_profile:delete", "org:sys_memberships:read",
          "org:sys_memberships:manage", "org:sys_domains:read", "org:sys_domains:manage"], True),
    role("org:member", "Member", "Basic member access", ["org:sys_profile:read", "org:sys_memberships:read"], False),
]

# ---------------------------------------------------------------- the payloads

FIXTURES_OUT = [
    ("session-envelope.json", "SessionEnvelope", envelope(c(SESSION)),
     f"response: the session of flutter/user-get-me.json's client; {FROM_ME}.",
     "A session envelope (e.g. POST /v1/client/sessions/{session_id}/touch) built from a recorded session and client."),
    ("session-list.json", "SessionList", [c(SESSION)],
     "the one session of flutter/user-get-me.json's client, as a bare array (GET /v1/me/sessions).",
     "A bare array of recorded sessions, no envelope."),
    ("active-session-list.json", "ActiveSessionList", [active_session()],
     "the SessionBase-2 keys of flutter/user-get-me.json's session, with a latest_activity from clerk-ios Sources/ClerkKit/Mocks/MockModels.swift 72-81 (Session.mock.latestActivity, written with the wire's snake_case keys and object session_activity).",
     "A bare array of active sessions: the spec's ActiveSession keys only, with the latest activity."),
    ("session-token.json", "SessionToken", {"jwt": TOKEN["jwt"]},
     "the redacted JWT of flutter/user-get-me.json's last_active_token, as the spec's inline {jwt} body.",
     "The session-token body as the spec declares it: {jwt}."),
    ("session-token-with-object.json", "SessionToken", c(TOKEN),
     "flutter/user-get-me.json's last_active_token {object: token, jwt}, the shape clerk-js's tests mock for /tokens (Session.test.ts 1748).",
     "The session-token body with object \"token\", as clerk-js reads it."),
    ("token.json", "Token", c(TOKEN),
     "flutter/user-get-me.json's last_active_token (POST /v1/me/tokens returns the Token component).",
     "A bare Token {object: token, jwt}."),
    ("session-reverification-envelope.json", "SessionReverificationEnvelope", envelope(session_reverification()),
     f"response: ios/session-verification-needs-first-factor.json plus object session_reverification, null first/second factor verifications and the recorded session (all spec-required); {FROM_ME}.",
     "A session reverification needing a first factor, completed from the iOS literal with the keys the spec requires."),
    ("email-address-list.json", "EmailAddressList", c(USER["email_addresses"]),
     "the email_addresses of flutter/user-get-me.json's user, as a bare array (GET /v1/me/email_addresses).",
     "A bare array of recorded email addresses."),
    ("phone-number-list.json", "PhoneNumberList", c(USER["phone_numbers"]),
     "the phone_numbers of flutter/user-get-me.json's user, as a bare array (GET /v1/me/phone_numbers).",
     "A bare array of recorded phone numbers."),
    ("web3-wallet-list.json", "Web3WalletList", [web3_wallet()],
     "clerk-js src/core/resources/__tests__/Web3Wallet.test.ts 31-35 {id, object, web3_wallet} plus the spec-required verification (null) and timestamps.",
     "A bare array of one web3 wallet."),
    ("web3-wallet-envelope.json", "Web3WalletEnvelope", envelope(web3_wallet()),
     f"response: clerk-js Web3Wallet.test.ts 31-35 plus verification (null) and timestamps; {FROM_ME}.",
     "A web3 wallet envelope."),
    ("passkey-envelope.json", "PasskeyEnvelope", envelope(passkey()),
     f"response: clerk/ui src/components/UserProfile/__tests__/PasskeysSection.test.tsx 13-23 (Date.now() as the recordings' clock); {FROM_ME}.",
     "A passkey envelope."),
    ("external-account-envelope.json", "ExternalAccountEnvelope", envelope(external_account()),
     f"response: clerk-js src/test/core-fixtures.ts 114-136 (createExternalAccount) without its phoneNumber (a camelCase key no wire sends), plus the spec-required public_metadata and timestamps; {FROM_ME}.",
     "An external account envelope."),
    ("totp-envelope-enrolling.json", "TOTPEnvelope", envelope(totp(False)),
     f"response: clerk-js src/core/resources/__tests__/User.test.ts 240-248 (POST /v1/me/totp mock), createdAt/updatedAt written created_at/updated_at; {FROM_ME}.",
     "A TOTP being enrolled: secret and uri, not yet verified."),
    ("totp-envelope-verified.json", "TOTPEnvelope", envelope(totp(True)),
     f"response: clerk-js User.test.ts 270-276 (attempt_verification mock), created_at/updated_at, secret and uri null (required, nullable in the spec), backup_codes from User.test.ts 328; {FROM_ME}.",
     "A verified TOTP with its backup codes."),
    ("backup-codes-envelope.json", "BackupCodesEnvelope", envelope(backup_codes()),
     f"response: clerk-js User.test.ts 325-329 plus the spec-required timestamps; {FROM_ME}.",
     "Fresh backup codes."),
    ("trusted-device-envelope.json", "TrustedDeviceEnvelope", envelope(c(IOS_TRUSTED_DEVICE)),
     f"response: ios/trusted-device.json; {FROM_ME}.",
     "A trusted device envelope."),
    ("trusted-device-list-envelope.json", "TrustedDeviceListEnvelope", envelope([c(IOS_TRUSTED_DEVICE)]),
     f"response: [ios/trusted-device.json]; {FROM_ME}.",
     "The user's trusted devices."),
    ("trusted-device-challenge-envelope.json", "TrustedDeviceChallengeEnvelope", envelope(trusted_device_challenge()),
     f"response: clerk-android source/api/src/test/java/com/clerk/api/trusteddevice/TrustedDeviceSerializationTest.kt 103-111; {FROM_ME}.",
     "A trusted-device challenge to sign."),
    ("trusted-device-validation-envelope.json", "TrustedDeviceValidationEnvelope",
     envelope({"object": "trusted_device_validation", "valid": True}),
     f"response: the spec's Client.TrustedDeviceValidation {{object, valid}} (no SDK literal exists); {FROM_ME}.",
     "A trusted-device validation result."),
    ("organization-envelope.json", "OrganizationEnvelope", envelope(c(ORGANIZATION)),
     f"response: ios/organization-minimal.json; {FROM_ME}.",
     "An organization envelope."),
    ("organization-membership-envelope.json", "OrganizationMembershipEnvelope", envelope(membership()),
     f"response: clerk-js src/core/resources/__tests__/OrganizationMembership.test.ts 7-43 with role_name added (spec-required) and the public_user_data of flutter/user-get-me.json's session (the literal's has object/id keys that no wire sends); {FROM_ME}.",
     "An organization membership envelope."),
    ("organization-membership-envelope-public-user-data-without-username.json", "OrganizationMembershipEnvelope",
     envelope(membership_without_username()),
     f"response: the membership of organization-membership-envelope.json with the public_user_data of clerk-js OrganizationMembership.test.ts 33-42 minus its object and id keys (so without username or profile_image_url); {FROM_ME}.",
     "A membership whose public user data has no username: the spec does not require it, so it conforms."),
    ("organization-membership-list-envelope-array.json", "OrganizationMembershipListEnvelope", envelope([membership()]),
     f"response: [the membership of organization-membership-envelope.json], the unpaginated array form; {FROM_ME}.",
     "Organization memberships as a bare array."),
    ("organization-membership-list-envelope-page.json", "OrganizationMembershipListEnvelope",
     envelope({"data": [membership()], "total_count": 1}),
     f"response: {{data: [the membership of organization-membership-envelope.json], total_count: 1}}, the paginated form; {FROM_ME}.",
     "Organization memberships as a page."),
    ("organization-invitation-envelope.json", "OrganizationInvitationEnvelope", envelope(invitation()),
     f"response: clerk-js src/core/resources/__tests__/OrganizationInvitation.test.ts 7-19 plus role_name, url (null) and expires_at (null), which the spec requires; {FROM_ME}.",
     "An organization invitation envelope."),
    ("organization-invitation-list-envelope-array.json", "OrganizationInvitationListEnvelope", envelope([invitation()]),
     f"response: [the invitation of organization-invitation-envelope.json], the unpaginated array form; {FROM_ME}.",
     "Organization invitations as a bare array."),
    ("organization-invitation-list-envelope-empty-page.json", "OrganizationInvitationListEnvelope",
     envelope({"data": [], "total_count": 0}),
     f"response: an empty page {{data: [], total_count: 0}} (the shape of clerk/javascript packages/msw/request-handlers.ts 1505-1510); {FROM_ME}.",
     "An empty page of organization invitations."),
    ("user-organization-invitation-envelope.json", "UserOrganizationInvitationEnvelope", envelope(user_invitation()),
     f"response: the invitation of organization-invitation-envelope.json without organization_id, with the public_organization_data of clerk-js OrganizationSuggestion.test.ts 10-16; {FROM_ME}.",
     "An invitation as the invited user sees it."),
    ("user-organization-invitation-page-envelope.json", "UserOrganizationInvitationPageEnvelope",
     envelope({"data": [user_invitation()], "total_count": 1}),
     f"response: a page of the invitation of user-organization-invitation-envelope.json; {FROM_ME}.",
     "A page of the user's invitations."),
    ("organization-suggestion-envelope.json", "OrganizationSuggestionEnvelope", envelope(suggestion()),
     f"response: clerk-js src/core/resources/__tests__/OrganizationSuggestion.test.ts 7-20; {FROM_ME}.",
     "An organization suggestion envelope."),
    ("organization-suggestion-page-envelope.json", "OrganizationSuggestionPageEnvelope",
     envelope({"data": [suggestion()], "total_count": 1}),
     f"response: a page of the suggestion of organization-suggestion-envelope.json; {FROM_ME}.",
     "A page of the user's suggestions."),
    ("organization-suggestion-page-envelope-empty.json", "OrganizationSuggestionPageEnvelope",
     envelope({"data": [], "total_count": 0}),
     f"response: an empty page {{data: [], total_count: 0}}; {FROM_ME}.",
     "An empty page of suggestions."),
    ("organization-domain-envelope.json", "OrganizationDomainEnvelope", envelope(domain(True)),
     f"response: clerk-js src/core/resources/__tests__/OrganizationDomain.test.ts 7-24, its verification written with the spec's keys (expire_at, verified_at) as both verification and affiliation_verification, and an ownership_verification in the spec's shape (txt strategy, outstanding challenge); {FROM_ME}.",
     "A verified organization domain with a pending ownership check."),
    ("organization-domain-page-envelope.json", "OrganizationDomainPageEnvelope",
     envelope({"data": [domain(False)], "total_count": 1}),
     f"response: a page of clerk-js OrganizationDomain.test.ts 44-56 (the nullable case) with the spec-required affiliation_verification and ownership_verification (null); {FROM_ME}.",
     "A page of organization domains."),
    ("organization-domain-bulk-create-envelope.json", "OrganizationDomainBulkCreateEnvelope",
     envelope({"data": [domain(False)], "errors": [{"name": "not a domain", "code": "form_param_format_invalid"}]}),
     f"response: the spec's Client.OrganizationDomainBulkCreate with the domain of organization-domain-page-envelope.json in data and one error with the code the spec's description gives; {FROM_ME}.",
     "A partial-success bulk domain creation."),
    ("organization-domain-bulk-ownership-verification-envelope.json", "OrganizationDomainBulkOwnershipVerificationEnvelope",
     envelope({"data": [domain(True)], "errors": [{"id": "test_missing_domain_id", "code": "resource_not_found"}]}),
     f"response: the spec's Client.OrganizationDomainBulkOwnershipVerification with the domain of organization-domain-envelope.json in data and one error with the code the spec's description gives; {FROM_ME}.",
     "A partial-success bulk ownership verification."),
    ("organization-membership-request-envelope.json", "OrganizationMembershipRequestEnvelope", envelope(membership_request()),
     f"response: clerk-js src/core/resources/__tests__/OrganizationMembershipRequest.test.ts 7-23 with the public_user_data of flutter/user-get-me.json's session (the literal's has object/id keys that no wire sends); {FROM_ME}.",
     "A membership request envelope."),
    ("organization-membership-request-page-envelope.json", "OrganizationMembershipRequestPageEnvelope",
     envelope({"data": [membership_request()], "total_count": 1}),
     f"response: a page of the request of organization-membership-request-envelope.json; {FROM_ME}.",
     "A page of membership requests."),
    ("role-page-envelope.json", "RolePageEnvelope",
     envelope({"data": c(ROLES), "total_count": 2, "has_role_set_migration": False}),
     f"response: the two roles of clerk/javascript packages/msw/request-handlers.ts 1512-1545 with their permission keys as Permission objects (spec Client.Permission) and integer timestamps, plus has_role_set_migration (clerk-js OrganizationMembers.test.tsx mocks it); {FROM_ME}.",
     "A page of an organization's roles."),
]


def main():
    OUT.mkdir(exist_ok=True)
    written = set()
    entries = []
    for name, kind, value, composed, reason in FIXTURES_OUT:
        path = OUT / name
        path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
        written.add(name)
        entry = {"file": f"composed/{name}", "kind": kind, "conforms": True, "decodes": True,
                 "reason": f"Composed: {reason}", "composed": composed}
        if name in SHAPE_TELLS:
            entry["shape_tells"] = SHAPE_TELLS[name]
        entries.append(entry)
    for stale in OUT.glob("*.json"):
        if stale.name not in written:
            stale.unlink()
    # Only the entries of this script's own files (composed/<name>.json);
    # the subfolders (billing/, self-serve-sso/, me/) are composed elsewhere.
    mine = lambda f: f.startswith("composed/") and "/" not in f[len("composed/"):]
    verdicts = [v for v in json.loads(VERDICTS.read_text()) if not mine(v["file"])]
    verdicts.extend(entries)
    verdicts.sort(key=lambda v: v["file"])
    VERDICTS.write_text(json.dumps(verdicts, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(entries)} composed fixtures in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
