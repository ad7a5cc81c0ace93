//! Integration tests: the real server, a real database, what a user sees.
//! One test binary, so the demo template is built once per run.

mod client;
mod harness;

mod api;
mod attestation;
mod auth;
mod backup;
mod browser;
mod cli;
mod clock;
mod crash;
mod curricula;
mod diary;
mod feeds;
mod instances;
mod journal;
mod mail;
mod personal_data;
mod queries;
mod read_log;
mod reference;
mod region;
mod roles;
mod scope;
mod timetable;
mod timetable_auto;
mod year_closing;
mod year_opening;
