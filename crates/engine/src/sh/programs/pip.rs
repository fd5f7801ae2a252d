//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn pip(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

