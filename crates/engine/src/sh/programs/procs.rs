//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn ps(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn top(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn free(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn df(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn mount(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn ip(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

