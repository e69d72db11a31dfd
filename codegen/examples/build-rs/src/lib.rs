//! An example crate whose types are generated from JSON Schema by its build script (see `build.rs`).
//!
//! [`pets`] holds the types of `schemas/` as generated with the default
//! settings; the types of `store/` are this crate's own business (generated
//! `pub(crate)`), with the schema's `Money` string replaced by [`Money`].

/// The types of `schemas/pet.json` and `schemas/owner.json`.
pub mod pets {
    include!(concat!(env!("OUT_DIR"), "/schemas.rs"));
}

/// The types of `store/order.json`, for this crate only. (Items the crate
/// does not use, such as `OrderStatus::KNOWN`, would warn as dead code.)
#[allow(dead_code)]
mod store {
    include!(concat!(env!("OUT_DIR"), "/store.rs"));
}

pub mod money;

pub use money::Money;

/// The total of an order given as JSON, checked against its lines: `None`
/// when the lines add up to something else (or mix currencies).
pub fn checked_total(order: &str) -> Result<Option<Money>, serde_json::Error> {
    let order: store::PurchaseOrder = serde_json::from_str(order)?;
    let mut sum: Option<Money> = None;
    for line in &order.lines {
        sum = match sum {
            None => Some(line.price.clone()),
            Some(sum) => sum.plus(&line.price),
        };
        if sum.is_none() {
            return Ok(None);
        }
    }
    Ok(sum.filter(|sum| *sum == order.total))
}

/// Whether an order given as JSON is still to be paid.
pub fn is_open(order: &str) -> Result<bool, serde_json::Error> {
    let order: store::PurchaseOrder = serde_json::from_str(order)?;
    Ok(order.status == store::OrderStatus::Open)
}

#[cfg(test)]
mod tests {
    use super::store::{OrderLine, OrderStatus, PurchaseOrder};
    use super::Money;
    use serde_json::json;

    #[test]
    fn the_crate_types_round_trip() {
        let payload = json!({
            "lines": [{"pet_id": 7, "price": "12.50 EUR"}],
            "total": "12.50 EUR",
            "status": "paid",
            "coupon": "SPRING"
        });
        let order: PurchaseOrder = serde_json::from_value(payload.clone()).unwrap();
        assert_eq!(
            order.lines,
            [OrderLine {
                pet_id: 7,
                price: Money::new(1250, "EUR"),
                extra: Default::default(),
            }]
        );
        assert_eq!(order.status, OrderStatus::Paid);
        // Unknown properties are kept, so encoding gives the payload back.
        assert_eq!(serde_json::to_value(&order).unwrap(), payload);
    }
}
