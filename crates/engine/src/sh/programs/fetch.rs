//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn curl(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn wget(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

