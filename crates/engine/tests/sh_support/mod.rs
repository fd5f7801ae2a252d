//! Shared helpers for the shell interpreter's tests: catalogue images built
//! once, a container-like [`System`], and sessions on them.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use engine::fs::Overlay;
use engine::registry::{Platform, Registry};
use engine::sh::{
    kernel_file, loopback, Address, Interface, Kernel, Memory, Mount, Process, Route, Session,
    System, Workload, WorkloadOutcome, WorkloadRequest,
};

/// A pulled image: its file tree and the config's environment, working
/// directory and user.
#[derive(Clone)]
pub struct Image {
    pub fs: Overlay,
    pub env: Vec<String>,
    pub cwd: String,
    pub user: String,
}

/// Pulls `repository:tag` for linux/amd64 from the catalogue, once per test
/// binary.
pub fn image(repository: &str, tag: &str) -> Image {
    static CACHE: OnceLock<Mutex<HashMap<String, Image>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = format!("{repository}:{tag}");
    if let Some(image) = cache.lock().unwrap().get(&key) {
        return image.clone();
    }
    let pulled = Registry::docker_hub()
        .pull(repository, tag, &Platform::linux_amd64())
        .unwrap_or_else(|error| panic!("pulling {key}: {error:?}"));
    let fs = Overlay::new(
        pulled
            .layers
            .iter()
            .map(|layer| layer.changes.clone())
            .collect(),
    );
    let config = pulled.config.config.clone();
    let image = Image {
        fs,
        env: config.env.clone(),
        cwd: if config.working_dir.is_empty() {
            "/".to_string()
        } else {
            config.working_dir.clone()
        },
        user: config.user.clone(),
    };
    cache.lock().unwrap().insert(key, image.clone());
    image
}

/// A running container as `docker run -it` makes one: a short hostname,
/// the shell as PID 1 on a terminal, `eth0` on the default bridge.
#[derive(Clone, Debug)]
pub struct ContainerSystem {
    pub now: u64,
    pub shell: String,
    pub memory_limit: Option<u64>,
    pub pids_limit: Option<u32>,
    pub started: Vec<WorkloadRequest>,
}

impl ContainerSystem {
    pub fn new(shell: &str) -> ContainerSystem {
        ContainerSystem {
            now: engine::clock::START,
            shell: shell.to_string(),
            memory_limit: None,
            pids_limit: None,
            started: Vec::new(),
        }
    }
}

impl System for ContainerSystem {
    fn hostname(&self) -> String {
        "3f4e5d6c7b8a".to_string()
    }

    fn now(&self) -> u64 {
        self.now
    }

    fn kernel(&self) -> Kernel {
        Kernel {
            release: "6.8.0-59-generic".to_string(),
            version: "#61-Ubuntu SMP PREEMPT_DYNAMIC Fri Apr 11 23:16:11 UTC 2025".to_string(),
            machine: "x86_64".to_string(),
        }
    }

    fn cpus(&self) -> u32 {
        2
    }

    fn processes(&self) -> Vec<Process> {
        vec![Process {
            pid: 1,
            ppid: 0,
            user: "root".to_string(),
            command: self.shell.clone(),
            state: 'S',
            rss_kib: 3_328,
            vsz_kib: 4_188,
            cpu_millis: 20,
            started: self.now,
            tty: Some("pts/0".to_string()),
        }]
    }

    fn interfaces(&self) -> Vec<Interface> {
        vec![
            loopback(),
            Interface {
                index: 6,
                name: "eth0".to_string(),
                peer_index: Some(7),
                peer_netns_id: 0,
                mac: "02:42:ac:11:00:02".to_string(),
                mtu: 1500,
                loopback: false,
                addresses: vec![Address {
                    address: "172.17.0.2".to_string(),
                    prefix: 16,
                    broadcast: Some("172.17.255.255".to_string()),
                }],
                master: None,
                carrier: true,
            },
        ]
    }

    fn routes(&self) -> Vec<Route> {
        vec![
            Route {
                destination: None,
                gateway: Some("172.17.0.1".to_string()),
                device: "eth0".to_string(),
                source: None,
            },
            Route {
                destination: Some("172.17.0.0/16".to_string()),
                gateway: None,
                device: "eth0".to_string(),
                source: Some("172.17.0.2".to_string()),
            },
        ]
    }

    fn mounts(&self) -> Vec<Mount> {
        vec![
            Mount {
                device: "overlay".to_string(),
                target: "/".to_string(),
                fs_type: "overlay".to_string(),
                options: "rw,relatime".to_string(),
                size_kib: 61_202_244,
                used_kib: 12_582_912,
            },
            Mount {
                device: "tmpfs".to_string(),
                target: "/dev".to_string(),
                fs_type: "tmpfs".to_string(),
                options: "rw,nosuid,size=65536k,mode=755".to_string(),
                size_kib: 65_536,
                used_kib: 0,
            },
        ]
    }

    fn memory(&self) -> Memory {
        Memory {
            total_kib: 8_143_556,
            free_kib: 5_912_348,
            available_kib: 7_301_424,
            shared_kib: 4_312,
            buff_cache_kib: 1_689_004,
            swap_total_kib: 2_097_148,
            swap_free_kib: 2_097_148,
        }
    }

    fn uptime_millis(&self) -> u64 {
        93_780_000
    }

    fn read_kernel_file(&self, path: &str) -> Option<String> {
        match (path, self.memory_limit) {
            ("/sys/fs/cgroup/memory.max", Some(limit)) => Some(format!("{limit}\n")),
            _ => kernel_file(self, path),
        }
    }

    fn start_workload(&mut self, request: &WorkloadRequest) -> WorkloadOutcome {
        self.started.push(request.clone());
        match (&request.workload, self.memory_limit, self.pids_limit) {
            (
                Workload::Sleep {
                    millis: Some(millis),
                },
                _,
                _,
            ) => WorkloadOutcome::Finished { millis: *millis },
            (Workload::Stress { vm, vm_bytes, .. }, Some(limit), _)
                if u64::from(*vm) * vm_bytes > limit =>
            {
                WorkloadOutcome::Killed {
                    millis: 800,
                    signal: 9,
                }
            }
            (
                Workload::Stress {
                    timeout_millis: Some(millis),
                    ..
                },
                _,
                _,
            ) => WorkloadOutcome::Finished { millis: *millis },
            (Workload::Allocate { bytes }, Some(limit), _) if bytes.is_none_or(|b| b > limit) => {
                WorkloadOutcome::Killed {
                    millis: 300,
                    signal: 9,
                }
            }
            (Workload::Allocate { bytes: Some(_) }, _, _) => {
                WorkloadOutcome::Finished { millis: 50 }
            }
            (Workload::ForkBomb, _, Some(_)) => WorkloadOutcome::ForkFailed { millis: 100 },
            _ => WorkloadOutcome::Endless,
        }
    }
}

/// Starts an interactive `program` in a container of `image`, with the
/// variables `docker run -it` adds: `HOSTNAME` and `TERM`.
pub fn session(image: &Image, program: &str) -> (Session, Overlay, ContainerSystem) {
    session_as(image, program, &image.user)
}

/// Starts `program` as `user`, as `docker exec -u USER` does.
pub fn session_as(image: &Image, program: &str, user: &str) -> (Session, Overlay, ContainerSystem) {
    let system = ContainerSystem::new(program);
    let mut env = vec![format!("HOSTNAME={}", system.hostname())];
    env.extend(image.env.iter().cloned());
    env.push("TERM=xterm".to_string());
    let session = Session::start(program, &env, &image.cwd, user, &image.fs, &system)
        .unwrap_or_else(|error| panic!("starting {program}: {error:?}"));
    (session, image.fs.clone(), system)
}
