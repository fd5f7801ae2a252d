//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn env(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn which(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn uname(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn date(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn hostname(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

