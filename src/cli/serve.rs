//! `zonedex serve`: the search page, on this machine only unless `--bind` says otherwise.

use super::IndexLocation;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use zonedex::web::routes::router;
use zonedex::web::Served;

pub const EXAMPLES: &str = "Examples:
  zonedex serve                          # then open http://127.0.0.1:8080/
  zonedex serve --index /tmp/reports-index --port 9000
  zonedex serve --bind 0.0.0.0           # every machine that reaches this one can search";

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    location: IndexLocation,
    /// Port to listen on (0: any free port, printed at start)
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on; the default answers this machine only
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
}

pub fn run(args: ServeArgs) -> anyhow::Result<bool> {
    let dir = args.location.dir();
    let served = Arc::new(Served::new(&dir));
    // As `search` does: the default index is brought up to date with `corpus/` first, so a
    // fresh clone serves with one command.
    if let Err(e) = args.location.open_refreshed() {
        // The page says what to run; the server still starts, and answers once it is built.
        eprintln!("zonedex: {e}; the page will say so until `zonedex index` builds it");
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "zonedex: warning: listening on {}: every machine that can reach this one can read the index",
            args.bind
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port))
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
        let address = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "zonedex: serving {} at http://{address}/ (Ctrl-C stops)",
            dir.display()
        )?;
        out.flush()?;
        drop(out);
        axum::serve(listener, router(served))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(true)
}
