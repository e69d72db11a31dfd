//! The generated types on payloads: decoded, encoded back unchanged, unknown values kept.

use schemagen_example_build_rs::pets::{Owner, Pet, PetKind};
use schemagen_example_build_rs::{checked_total, is_open, Money};
use serde_json::json;

#[test]
fn a_pet_decodes_and_encodes_back() {
    let payload = json!({
        "id": 7,
        "name": "Rex",
        "kind": "dog",
        "tags": ["good"],
        "owner": {"name": "Ann", "email": "ann@example.com"},
        "nickname": null
    });
    let pet: Pet = serde_json::from_value(payload.clone()).expect("decodes");
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.kind, PetKind::Dog);
    assert_eq!(
        pet.owner.as_ref().map(|o: &Owner| o.name.as_str()),
        Some("Ann")
    );
    // Present and null, not absent.
    assert_eq!(pet.nickname, Some(None));
    // The schema's default, without changing what was decoded.
    assert_eq!(pet.vaccinated, None);
    assert!(!pet.vaccinated_or_default());
    assert_eq!(serde_json::to_value(&pet).expect("encodes"), payload);
}

#[test]
fn values_the_schema_does_not_list_are_kept() {
    let payload = json!({"id": 1, "name": "Nemo", "kind": "axolotl", "colour": "pink"});
    let pet: Pet = serde_json::from_value(payload.clone()).expect("decodes");
    assert!(pet.kind.is_unknown());
    assert_eq!(pet.extra["colour"], "pink");
    assert_eq!(serde_json::to_value(&pet).expect("encodes"), payload);
}

#[test]
fn a_pet_without_its_name_does_not_decode() {
    let error = serde_json::from_value::<Pet>(json!({"id": 1, "kind": "cat"})).unwrap_err();
    assert!(
        error.to_string().contains("missing field `name`"),
        "{error}"
    );
}

#[test]
fn the_store_types_read_money() {
    let order = r#"{
        "lines": [{"pet_id": 1, "price": "10.00 EUR"}, {"pet_id": 2, "price": "2.50 EUR"}],
        "total": "12.50 EUR",
        "status": "open"
    }"#;
    assert_eq!(checked_total(order).unwrap(), Some(Money::new(1250, "EUR")));
    assert!(is_open(order).unwrap());
    let wrong = order.replace("12.50 EUR", "13.00 EUR");
    assert_eq!(checked_total(&wrong).unwrap(), None);
    // The crate's `Money` decides what an amount is.
    let error = checked_total(&order.replace("2.50 EUR", "2.5 EUR")).unwrap_err();
    assert!(error.to_string().contains("is not an amount"), "{error}");
}
