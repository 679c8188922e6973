//! `piyao demo`: the demo district, for trying the app headless (`piyao demo --serve` in one
//! terminal, `piyao watch` in another).

use std::sync::Arc;

use clap::Args;
use piyao_core::{ApiError, Db};

#[derive(Args)]
pub(crate) struct DemoArgs {
    /// 载入后（或已是演示数据库时）在本机提供演示网络：各演示账号的页面与演示工作群的群机器人，直到 Ctrl-C
    #[arg(long, conflicts_with = "leave")]
    serve: bool,
    /// 退出演示：清空演示数据库中的全部数据，恢复为空数据库
    #[arg(long)]
    leave: bool,
}

/// Where the demo internet listens when it can (the shipped demo ledger's addresses).
const DEMO_PORT: u16 = 8790;

pub(crate) fn demo(db: Db, args: DemoArgs) -> Result<(), ApiError> {
    if args.leave {
        db.leave_demo()?;
        eprintln!("已退出演示，数据库已清空");
        return Ok(());
    }
    if db.demo_base()?.is_none() {
        let summary = db.load_demo()?;
        eprintln!(
            "已载入演示数据（虚构的云川区）：{} 个账号、2 个演示工作群、1 个待推送的案件",
            summary.created
        );
    } else {
        eprintln!("数据库中已是演示数据");
    }
    if !args.serve {
        eprintln!(
            "加 --serve 在本机提供演示网络，再用 piyao push start 发起推送、piyao watch 监测。"
        );
        return Ok(());
    }
    let db = Arc::new(db);
    let net = piyao_testnet::demo::DemoNet::start(db.clone(), DEMO_PORT)
        .map_err(|e| piyao_core::Error::Invalid(format!("无法启动演示网络：{e}")))?;
    db.rebase_demo(net.base())?;
    println!("{}", net.base());
    eprintln!("演示网络已在 {} 提供服务（Ctrl-C 停止）", net.base());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut shown = 0;
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                _ = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
            }
            let received = net.received();
            for m in &received[shown..] {
                eprintln!("演示工作群收到（{}）：\n{}\n", m.at, m.text);
            }
            shown = received.len();
        }
    });
    eprintln!("演示网络已停止");
    Ok(())
}
