use polars::prelude::*;
fn main() {
    let df = DataFrame::empty();
    println!("{df:?}");
}
