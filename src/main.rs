//! The zonedex command line: turns arguments into library calls and results into output.

mod cli;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The last panic's message and place, kept by the panic hook instead of printed: a panic
/// becomes one `zonedex: …` line and exit 2, like every other error.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn last_panic() -> Option<String> {
    LAST_PANIC
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        *LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!("{what}{place}"));
    }));
    let outcome = std::panic::catch_unwind(cli::run);
    let Ok(outcome) = outcome else {
        // Reading damaged index files is what makes the index library panic; a bug in zonedex
        // is the other cause, and the message says how to tell them apart.
        let what = last_panic().unwrap_or_default();
        eprintln!(
            "zonedex: the index is damaged, or zonedex failed ({what}): run `zonedex index --rebuild`; \
             if the failure stays after that, please report it"
        );
        return ExitCode::from(2);
    };
    match outcome {
        Ok(found) => {
            if found {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(err) => {
            // A closed pipe (`zonedex search … | head`) is not an error worth a message.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            match last_panic() {
                Some(what) => eprintln!(
                    "zonedex: {} (a worker thread failed: {what})",
                    message(&err)
                ),
                None => eprintln!("zonedex: {}", message(&err)),
            }
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, `: `-joined, leaving out a cause whose text the message already
/// ends with (library errors print their source themselves; `{:#}` would repeat it).
/// The advice for the first library error in the chain comes last (`cli::advice`).
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if text.is_empty() {
            text = cause;
        } else if !text.ends_with(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    if let Some(library) = err.chain().find_map(|e| e.downcast_ref::<zonedex::Error>()) {
        text.push_str(&cli::advice(library));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let lib = zonedex::Error::io("cannot create index folder idx", io);
        let text = message(&anyhow::Error::from(lib));
        assert_eq!(text, "cannot create index folder idx: permission denied");
    }

    #[test]
    fn library_errors_get_the_command_line_s_advice() {
        let lib = zonedex::Error::Damaged {
            path: "idx".into(),
            what: "file x is missing".into(),
        };
        let text = message(&anyhow::Error::from(lib));
        assert_eq!(
            text,
            "the index at idx is damaged (file x is missing): run `zonedex index --rebuild` to build it again from the corpus"
        );
    }

    #[test]
    fn added_context_is_kept() {
        let err = anyhow::anyhow!("inner").context("outer");
        assert_eq!(message(&err), "outer: inner");
    }
}
