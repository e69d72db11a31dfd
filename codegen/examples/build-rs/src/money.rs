//! `Money`: the crate's own type for the schema's `Money` strings (`12.50 EUR`), which the build script puts in place of a generated `String` alias.

use std::fmt;

/// An amount in cents and its currency, read from and written as `12.50 EUR`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Money {
    cents: u64,
    currency: String,
}

impl Money {
    /// `cents` of `currency` (a three-letter code).
    pub fn new(cents: u64, currency: &str) -> Self {
        Money {
            cents,
            currency: currency.to_owned(),
        }
    }

    /// The amount in cents.
    pub fn cents(&self) -> u64 {
        self.cents
    }

    /// The sum, when both are in one currency.
    pub fn plus(&self, other: &Money) -> Option<Money> {
        (self.currency == other.currency).then(|| Money {
            cents: self.cents + other.cents,
            currency: self.currency.clone(),
        })
    }
}

impl TryFrom<String> for Money {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let bad = || format!("{text:?} is not an amount like `12.50 EUR`");
        let (amount, currency) = text.split_once(' ').ok_or_else(bad)?;
        let (units, hundredths) = amount.split_once('.').ok_or_else(bad)?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(units)
            || hundredths.len() != 2
            || !digits(hundredths)
            || currency.len() != 3
            || !currency.bytes().all(|b| b.is_ascii_uppercase())
        {
            return Err(bad());
        }
        let units: u64 = units.parse().map_err(|_| bad())?;
        let hundredths: u64 = hundredths.parse().map_err(|_| bad())?;
        let cents = units
            .checked_mul(100)
            .and_then(|c| c.checked_add(hundredths))
            .ok_or_else(bad)?;
        Ok(Money::new(cents, currency))
    }
}

impl From<Money> for String {
    fn from(money: Money) -> String {
        money.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:02} {}",
            self.cents / 100,
            self.cents % 100,
            self.currency
        )
    }
}
