//! Stub.

use super::super::ctx::Ctx;

pub(crate) fn id(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn whoami(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn useradd(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn groupadd(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn adduser(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

pub(crate) fn addgroup(ctx: &mut Ctx) -> i32 {
    ctx.not_simulated("stub");
    0
}

