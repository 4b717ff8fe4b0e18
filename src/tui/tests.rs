//! Tests of the whole UI without a terminal.
