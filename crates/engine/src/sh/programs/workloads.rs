//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn sleep(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn yes(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn stress(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn unmodelled(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

