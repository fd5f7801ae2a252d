//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn find(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

