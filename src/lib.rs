pub mod extracts;
pub mod frame;
pub mod input;
