//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn node(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn python(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

