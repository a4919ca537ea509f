// ANCHOR: all
use std::fmt;

// ANCHOR: point
struct Point {
    // ANCHOR: fields
    x: i32,
    y: i32,
    // ANCHOR_END: fields
}
// ANCHOR_END: point

fn main() {
    // ANCHOR: body
    let p = Point { x: 1, y: 2 };
    // ANCHOR_END: body
    println!("{}", p.x);
    // ANCHOR: body
    println!("{}", p.y);
    // ANCHOR_END: body
}
// ANCHOR_END: all
