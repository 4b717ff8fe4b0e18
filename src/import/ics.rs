//! iCalendar (.ics) — placeholder.
use super::{Options, Parsed};
use crate::Result;
pub fn parse(_bytes: &[u8], _opts: &Options) -> Result<Parsed> {
    Ok(Parsed::default())
}
