//! One-line cases for the shell and its programs, each run at the prompt of
//! a fresh container: the line, what the terminal shows, and `$?`.
//!
//! Images: `python:3.12-slim` (Debian, dash as `sh`, bash) and `alpine:3.22`
//! (BusyBox ash). Expected texts are what those images print.

mod sh_support;

use sh_support::{image, session_as};

/// Runs each case in a fresh session of `program` on `repository:tag`.
fn check(repository: &str, tag: &str, program: &str, cases: &[(&str, &str, i32)]) {
    check_as(repository, tag, program, "", cases);
}

/// Runs each case as `user`.
fn check_as(repository: &str, tag: &str, program: &str, user: &str, cases: &[(&str, &str, i32)]) {
    let image = image(repository, tag);
    let mut failures = Vec::new();
    for (line, expected, status) in cases {
        let (mut session, mut fs, mut system) = session_as(&image, program, user);
        let outcome = session.run_line(line, &mut fs, &mut system);
        let text = outcome.text();
        if text != *expected || outcome.status != *status {
            failures.push(format!(
                "{program} on {tag}: {line:?}\n  expected {expected:?} (status {status})\n  got      {text:?} (status {})",
                outcome.status
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn dash_shell_table() {
    check(
        "library/python",
        "3.12-slim",
        "sh",
        &[
            ("echo hello world", "hello world\n", 0),
            ("echo -n abc", "abc", 0),
            ("echo -e 'a\\nb'", "-e a\nb\n", 0),
            ("echo 'a\\tb'", "a\tb\n", 0),
            ("true && echo yes || echo no", "yes\n", 0),
            ("false && echo yes || echo no", "no\n", 0),
            ("false; echo $?", "1\n", 0),
            ("! true; echo $?", "1\n", 0),
            ("nosuch", "sh: 1: nosuch: not found\n", 127),
            ("ps", "sh: 1: ps: not found\n", 127),
            ("/nope/tool", "sh: 1: /nope/tool: not found\n", 127),
            ("/etc", "sh: 1: /etc: Permission denied\n", 126),
            ("cd /nope", "sh: 1: cd: can't cd to /nope\n", 2),
            ("cd /tmp && pwd", "/tmp\n", 0),
            ("cd; pwd", "/root\n", 0),
            ("cd /usr/local/bin && cd .. && pwd", "/usr/local\n", 0),
            ("echo ~ $HOME", "/root /root\n", 0),
            ("echo $0", "sh\n", 0),
            ("A=1; echo $A ${B:-two} ${#A}", "1 two 1\n", 0),
            ("A='x  y'; echo $A \"$A\"", "x y x  y\n", 0),
            ("export X=1 && sh -c 'echo $X'", "1\n", 0),
            ("Y=2; sh -c 'echo [$Y]'", "[]\n", 0),
            ("Z=3 sh -c 'echo $Z'; echo [$Z]", "3\n[]\n", 0),
            (
                "echo ${UNSET?is required}",
                "sh: 1: UNSET: is required\n",
                2,
            ),
            ("set -u; echo $NOPE", "sh: 1: NOPE: parameter not set\n", 2),
            (
                "set -o pipefail",
                "sh: 1: set: Illegal option -o pipefail\n",
                2,
            ),
            ("set -x; echo traced", "+ echo traced\ntraced\n", 0),
            ("&& ls", "sh: 1: Syntax error: \"&&\" unexpected\n", 2),
            ("echo a |", "", 0),
            (
                "if true; then echo x; fi",
                "porthole: if statements are not simulated; the command was skipped\n",
                0,
            ),
            (
                "echo $(whoami)",
                "porthole: command substitutions are not simulated; the command was skipped\n",
                0,
            ),
            (
                "bomb(){ bomb|bomb& };bomb",
                "porthole: commands that never end are not simulated; stopped as Ctrl+C would\n",
                130,
            ),
            (
                ":(){ :|:& };:",
                "sh: 1: Syntax error: Bad function name\n",
                2,
            ),
            (
                "echo a > /nope/x",
                "sh: 1: cannot create /nope/x: Directory nonexistent\n",
                2,
            ),
            (
                "echo a > /etc",
                "sh: 1: cannot create /etc: Is a directory\n",
                2,
            ),
            ("cat < /nope", "sh: 1: cannot open /nope: No such file\n", 2),
            ("echo out 2>&1 >/dev/null", "", 0),
            ("ls /nope 2>&1 | wc -l", "1\n", 0),
            ("ls /nope 2>/dev/null; echo $?", "2\n", 0),
            (
                "echo x > /tmp/f && echo y >> /tmp/f && cat /tmp/f",
                "x\ny\n",
                0,
            ),
            ("cat <<EOF\nhello $HOME\nEOF", "hello /root\n", 0),
            ("cat <<'EOF'\nhello $HOME\nEOF", "hello $HOME\n", 0),
            (
                "echo /usr/local/bin/pip*",
                "/usr/local/bin/pip /usr/local/bin/pip3 /usr/local/bin/pip3.12\n",
                0,
            ),
            ("echo /nope/*", "/nope/*\n", 0),
            ("echo {a,b}", "{a,b}\n", 0),
            ("time sleep 1", "sh: 1: time: not found\n", 127),
            ("echo '/usr/*'", "/usr/*\n", 0),
            ("type cd", "cd is a shell builtin\n", 0),
            ("command -v ls cd nope; echo $?", "/usr/bin/ls\ncd\n1\n", 0),
            ("umask", "0022\n", 0),
            ("sleep 1 && echo done", "done\n", 0),
            (
                "sleep abc",
                "sleep: invalid time interval 'abc'\nTry 'sleep --help' for more information.\n",
                1,
            ),
            ("yes | head -n 2", "y\ny\n", 0),
            ("exit 3", "", 3),
            (
                "read a b <<EOF\none two three\nEOF\necho $b",
                "two three\n",
                0,
            ),
            ("eval 'echo a; echo b'", "a\nb\n", 0),
            (
                ". /etc/os-release && echo $VERSION_CODENAME",
                "bookworm\n",
                0,
            ),
            (
                "[ -d /etc ] && [ ! -f /etc ] && test 1 -lt 2 && echo ok",
                "ok\n",
                0,
            ),
            ("[ -f /etc", "sh: 1: [: missing ]\n", 2),
            ("test abc -eq 1", "sh: 1: test: Illegal number: abc\n", 2),
        ],
    );
}

#[test]
fn coreutils_table() {
    check("library/python", "3.12-slim", "sh", &[
        ("printf '%s-%s\\n' a b c", "a-b\nc-\n", 0),
        ("printf '%5.2f|%-4d|%x\\n' 3.14159 42 255", " 3.14|42  |ff\n", 0),
        ("ls /nope", "ls: cannot access '/nope': No such file or directory\n", 2),
        ("ls -d /etc /tmp", "/etc\n/tmp\n", 0),
        ("ls -ld /tmp", "drwxrwxrwt 2 root root 4096 Oct 20 09:00 /tmp\n", 0),
        ("ls -l /bin", "lrwxrwxrwx 1 root root 7 Oct 20 09:00 /bin -> usr/bin\n", 0),
        ("ls -a /root", ".\n..\n.bashrc\n.profile\n", 0),
        ("mkdir -p /a/b && touch /a/b/f /a/g && ls /a", "b\ng\n", 0),
        ("mkdir /a/b", "mkdir: cannot create directory '/a/b': No such file or directory\n", 1),
        ("mkdir /tmp", "mkdir: cannot create directory '/tmp': File exists\n", 1),
        ("mkdir -m 700 /s && ls -ld /s", "drwx------ 2 root root 4096 Oct 20 09:00 /s\n", 0),
        ("rm -fv /nope && touch /tmp/f && rm -v /tmp/f", "removed '/tmp/f'\n", 0),
        ("mkdir /tmp/d && rm -dv /tmp/d", "removed directory '/tmp/d'\n", 0),
        ("mkdir -pv /tmp/m/n", "mkdir: created directory '/tmp/m'\nmkdir: created directory '/tmp/m/n'\n", 0),
        ("cd /tmp && mkdir -pv x/y/ && mkdir -pv x/y", "mkdir: created directory 'x'\nmkdir: created directory 'x/y/'\n", 0),
        ("cat /nope", "cat: /nope: No such file or directory\n", 1),
        ("cat /etc", "cat: /etc: Is a directory\n", 1),
        ("cat /etc/debian_version", "12.11\n", 0),
        ("rm /etc", "rm: cannot remove '/etc': Is a directory\n", 1),
        ("rm -rf /nope; echo $?", "0\n", 0),
        ("rm -r /", "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n", 1),
        ("rm", "rm: missing operand\nTry 'rm --help' for more information.\n", 1),
        ("rm -rf /var/lib/apt/lists/* && ls /var/lib/apt/lists | wc -l", "0\n", 0),
        ("rmdir /etc", "rmdir: failed to remove '/etc': Directory not empty\n", 1),
        ("touch /nope/x", "touch: cannot touch '/nope/x': No such file or directory\n", 1),
        ("cp /etc /tmp/x", "cp: -r not specified; omitting directory '/etc'\n", 1),
        ("cp /nope /tmp", "cp: cannot stat '/nope': No such file or directory\n", 1),
        ("cp /etc/hosts.allow", "cp: missing destination file operand after '/etc/hosts.allow'\nTry 'cp --help' for more information.\n", 1),
        ("cp -r /etc/apt /tmp/apt && ls /tmp/apt", "apt.conf.d\npreferences.d\nsources.list.d\ntrusted.gpg.d\n", 0),
        ("mv /nope /tmp", "mv: cannot stat '/nope': No such file or directory\n", 1),
        ("touch /f && mv /f /g && ls /f /g", "ls: cannot access '/f': No such file or directory\n/g\n", 2),
        ("ln -s /a /tmp/a && ln -s /a /tmp/a", "ln: failed to create symbolic link '/tmp/a': File exists\n", 1),
        ("ln -sf /usr/local/bin/python3 /usr/bin/py && readlink -f /usr/bin/py", "/usr/local/bin/python3.12\n", 0),
        ("cp -v /etc/passwd /tmp/", "'/etc/passwd' -> '/tmp/passwd'\n", 0),
        ("ln -sv /a /tmp", "'/tmp/a' -> '/a'\n", 0),
        ("ln /etc/passwd /tmp/p && ln /etc/passwd /tmp/p", "ln: failed to create hard link '/tmp/p': File exists\n", 1),
        ("chmod 755 /nope", "chmod: cannot access '/nope': No such file or directory\n", 1),
        ("chmod abc /tmp", "chmod: invalid mode: 'abc'\nTry 'chmod --help' for more information.\n", 1),
        ("touch /x && chmod +x /x && ls -l /x", "-rwxr-xr-x 1 root root 0 Oct 20 09:00 /x\n", 0),
        ("touch /x && chmod u=rw,go= /x && ls -l /x", "-rw------- 1 root root 0 Oct 20 09:00 /x\n", 0),
        ("chown nobody /nope", "chown: cannot access '/nope': No such file or directory\n", 1),
        ("chown bob /tmp", "chown: invalid user: 'bob'\n", 1),
        ("chown nobody:nogroup /tmp && ls -ld /tmp", "drwxrwxrwt 2 nobody nogroup 4096 Oct 20 09:00 /tmp\n", 0),
        ("mkdir -p /d/e && chown -R 1000:1000 /d && ls -ln /d", "total 4\ndrwxr-xr-x 2 1000 1000 4096 Oct 20 09:00 e\n", 0),
        ("mkdir -p /r/a/x /r/b && touch /r/a/f && ls -R /r", "/r:\na\nb\n\n/r/a:\nf\nx\n\n/r/a/x:\n\n/r/b:\n", 0),
        ("mkdir -p /r/a /s && ls /s /r", "/r:\na\n\n/s:\n", 0),
        ("head -n 1 /etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0),
        ("head -c 4 /etc/passwd", "root", 0),
        ("tail -n 1 /etc/group", "nogroup:x:65534:\n", 0),
        ("tail -n +9 /etc/shells", "/usr/bin/dash\n", 0),
        ("head /nope", "head: cannot open '/nope' for reading: No such file or directory\n", 1),
        ("wc -l /etc/shells", "9 /etc/shells\n", 0),
        ("echo one two | wc", "      1       2       8\n", 0),
        ("grep -n bash /etc/shells", "4:/bin/bash\n5:/usr/bin/bash\n6:/bin/rbash\n7:/usr/bin/rbash\n", 0),
        ("grep -c root /etc/passwd /etc/group", "/etc/passwd:1\n/etc/group:1\n", 0),
        ("grep -q nope /etc/passwd; echo $?", "1\n", 0),
        ("grep x /nope", "grep: /nope: No such file or directory\n", 2),
        ("grep -E '^(root|daemon):' /etc/group", "root:x:0:\ndaemon:x:1:\n", 0),
        ("grep -v -e a -e e /etc/shells", "/bin/sh\n/usr/bin/sh\n", 0),
        ("egrep -o 'ba.h' /etc/shells | head -n 1", "egrep: warning: egrep is obsolescent; using grep -E\nbash\n", 0),
        ("echo hello | sed 's/l/L/g'", "heLLo\n", 0),
        ("echo 'key=old' > /c && sed -i 's/^key=.*/key=new/' /c && cat /c", "key=new\n", 0),
        ("sed -n '2p' /etc/shells", "/bin/sh\n", 0),
        ("sed 's/a/b' /etc/shells", "sed: -e expression #1, char 0: unterminated `s' command\n", 1),
        ("sed -i 's/a/b/' /nope", "sed: can't read /nope: No such file or directory\n", 2),
        ("echo a,b,c | cut -d, -f2", "b\n", 0),
        ("echo hello | tr a-z A-Z", "HELLO\n", 0),
        ("printf 'b\\na\\nb\\n' | sort | uniq -c", "      1 a\n      2 b\n", 0),
        ("echo x | tee /tmp/t > /dev/null && cat /tmp/t", "x\n", 0),
        ("basename /usr/lib/os-release .d && dirname /usr/lib/os-release", "os-release\n/usr/lib\n", 0),
        ("find /etc/apt -type d", "/etc/apt\n/etc/apt/apt.conf.d\n/etc/apt/preferences.d\n/etc/apt/sources.list.d\n/etc/apt/trusted.gpg.d\n", 0),
        ("find /usr/local/bin -name 'pip*' -type f", "/usr/local/bin/pip\n/usr/local/bin/pip3\n/usr/local/bin/pip3.12\n", 0),
        ("find /nope", "find: '/nope': No such file or directory\n", 1),
        ("mkdir -p /w && touch /w/a.pyc /w/b.py && find /w -name '*.pyc' -delete && ls /w", "b.py\n", 0),
        ("find /etc/apt -maxdepth 1 -type d -exec echo dir {} \\;", "dir /etc/apt\ndir /etc/apt/apt.conf.d\ndir /etc/apt/preferences.d\ndir /etc/apt/sources.list.d\ndir /etc/apt/trusted.gpg.d\n", 0),
        ("env | grep ^LANG=", "LANG=C.UTF-8\n", 0),
        ("env -u LANG A=1 | grep -c LANG", "0\n", 1),
        ("printenv HOME", "/root\n", 0),
    ]);
}

#[test]
fn system_programs_table() {
    check("library/python", "3.12-slim", "sh", &[
        ("id", "uid=0(root) gid=0(root) groups=0(root)\n", 0),
        ("id -u && id -un && whoami", "0\nroot\nroot\n", 0),
        ("id nobody", "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n", 0),
        ("id bob", "id: 'bob': no such user\n", 1),
        ("uname", "Linux\n", 0),
        ("uname -m && uname -r", "x86_64\n6.8.0-59-generic\n", 0),
        ("uname -a", "Linux 3f4e5d6c7b8a 6.8.0-59-generic #61-Ubuntu SMP PREEMPT_DYNAMIC Fri Apr 11 23:16:11 UTC 2025 x86_64 GNU/Linux\n", 0),
        ("hostname", "3f4e5d6c7b8a\n", 0),
        ("hostname -I", "172.17.0.2 \n", 0),
        ("date", "Mon Oct 20 09:00:00 UTC 2025\n", 0),
        ("date +%F_%T", "2025-10-20_09:00:00\n", 0),
        ("date -u +%s", "1760950800\n", 0),
        ("cat /proc/self/cgroup", "0::/\n", 0),
        ("cat /sys/fs/cgroup/memory.max", "max\n", 0),
        ("head -n 1 /proc/meminfo", "MemTotal:        8143556 kB\n", 0),
        ("cat /proc/nope", "cat: /proc/nope: No such file or directory\n", 1),
        ("python --version && python3 -V", "Python 3.12.11\nPython 3.12.11\n", 0),
        ("python -c 'print(\"hi\"); print(42)'", "hi\n42\n", 0),
        ("python -c 'print(1+1)'", "porthole: running Python code other than print is not modelled; python was not run\n", 0),
        ("pip --version", "pip 25.0.1 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n", 0),
        ("pip show nope", "WARNING: Package(s) not found: nope\n", 1),
        ("pip freeze", "", 0),
        ("pip install -r /nope.txt", "ERROR: Could not open requirements file: [Errno 2] No such file or directory: '/nope.txt'\n", 1),
        ("which python3", "/usr/local/bin/python3\n", 0),
        ("which nope; echo $?", "1\n", 0),
        ("node --version", "sh: 1: node: not found\n", 127),
        ("curl https://example.com", "sh: 1: curl: not found\n", 127),
        ("apt-get install -y curl", "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nE: Unable to locate package curl\n", 100),
        ("apt-get frobnicate", "E: Invalid operation frobnicate\n", 100),
        ("useradd app && id app", "uid=1000(app) gid=1000(app) groups=1000(app)\n", 0),
        ("useradd root", "useradd: user 'root' already exists\n", 9),
        ("useradd -g nope app", "useradd: group 'nope' does not exist\n", 6),
        ("groupadd -r svc && useradd -r -g svc svc && grep svc /etc/passwd", "svc:x:999:999::/home/svc:/bin/sh\n", 0),
        ("useradd -m -s /bin/bash app && ls -a /home/app", ".\n..\n.bash_logout\n.bashrc\n.profile\n", 0),
        ("groupadd staff", "groupadd: group 'staff' already exists\n", 9),
        ("df -h", "Filesystem      Size  Used Avail Use% Mounted on\noverlay          59G   12G   44G  22% /\ntmpfs            64M     0   64M   0% /dev\n", 0),
        ("mount | head -n 1", "overlay on / type overlay (rw,relatime)\n", 0),
        ("tar -xzf /nope.tgz", "porthole: this program's effect is not modelled; tar was not run\n", 0),
    ]);
}

#[test]
fn bash_table() {
    check(
        "library/python",
        "3.12-slim",
        "bash",
        &[
            ("nosuch", "bash: nosuch: command not found\n", 127),
            (
                "cd /nope",
                "bash: cd: /nope: No such file or directory\n",
                1,
            ),
            ("echo -e 'a\\nb'", "a\nb\n", 0),
            ("echo 'a\\nb'", "a\\nb\n", 0),
            ("set -o pipefail && false | true; echo $?", "1\n", 0),
            ("false | true; echo $?", "0\n", 0),
            (
                "echo a > /nope/x",
                "bash: /nope/x: No such file or directory\n",
                1,
            ),
            (
                "&& ls",
                "bash: syntax error near unexpected token `&&'\nbash: `&& ls'\n",
                2,
            ),
            ("echo $0", "bash\n", 0),
            ("type ls", "ls is /usr/bin/ls\n", 0),
            ("ls /nope &> /dev/null; echo $?", "2\n", 0),
            (
                "echo ${NOPE?}",
                "bash: NOPE: parameter null or not set\n",
                1,
            ),
            ("set -u; echo $NOPE", "bash: NOPE: unbound variable\n", 1),
            ("source /etc/os-release; echo $ID", "debian\n", 0),
            ("exit", "exit\n", 0),
            ("bash -c 'exit 5'; echo $?", "5\n", 0),
            (
                "bash -c 'nosuch'",
                "bash: line 1: nosuch: command not found\n",
                127,
            ),
            ("mkdir -p /app/{logs,data} && ls /app", "data\nlogs\n", 0),
            (
                "echo {1..3} {a,b}.txt '{x,y}'",
                "1 2 3 a.txt b.txt {x,y}\n",
                0,
            ),
            (
                "time sleep 1.5",
                "\nreal\t0m1.502s\nuser\t0m0.000s\nsys\t0m0.000s\n",
                0,
            ),
        ],
    );
}

#[test]
fn busybox_ash_table() {
    check("library/alpine", "3.22", "sh", &[
        ("nosuch", "sh: nosuch: not found\n", 127),
        ("bash", "sh: bash: not found\n", 127),
        ("echo -e 'a\\tb'", "a\tb\n", 0),
        ("echo 'a\\tb'", "a\\tb\n", 0),
        ("cat /nope", "cat: can't open '/nope': No such file or directory\n", 1),
        ("ls /nope", "ls: /nope: No such file or directory\n", 1),
        ("rm /nope", "rm: can't remove '/nope': No such file or directory\n", 1),
        ("mkdir /a/b", "mkdir: can't create directory '/a/b': No such file or directory\n", 1),
        ("cd /nope", "sh: cd: can't cd to /nope: No such file or directory\n", 2),
        ("ps", "PID   USER     TIME  COMMAND\n    1 root      0:00 sh\n    7 root      0:00 ps\n", 0),
        ("uname -a", "Linux 3f4e5d6c7b8a 6.8.0-59-generic #61-Ubuntu SMP PREEMPT_DYNAMIC Fri Apr 11 23:16:11 UTC 2025 x86_64 Linux\n", 0),
        ("id", "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n", 0),
        ("ls -ld /tmp", "drwxrwxrwt    2 root     root          4096 Oct 20 09:00 /tmp\n", 0),
        ("adduser -D app && grep app /etc/passwd /etc/group", "/etc/passwd:app:x:1000:1000:Linux User,,,:/home/app:/bin/sh\n/etc/group:app:x:1000:\n", 0),
        ("addgroup -S svc && adduser -S -G svc svc && id svc", "uid=100(svc) gid=101(svc) groups=101(svc)\n", 0),
        ("adduser -D root", "adduser: user 'root' in use\n", 1),
        ("set -o pipefail && false | true; echo $?", "1\n", 0),
        (":(){ :|:& };:", "sh: syntax error: bad function name\n", 2),
        ("stress --cpu 1", "sh: stress: not found\n", 127),
    ]);
}

#[test]
fn permissions_table() {
    check_as("library/python", "3.12-slim", "sh", "nobody", &[
        ("whoami && id -g", "nobody\n65534\n", 0),
        ("mkdir /x", "mkdir: cannot create directory '/x': Permission denied\n", 1),
        ("echo > /etc/x", "sh: 1: cannot create /etc/x: Permission denied\n", 2),
        ("touch /etc/passwd", "touch: cannot touch '/etc/passwd': Permission denied\n", 1),
        ("rm -f /etc/passwd", "rm: cannot remove '/etc/passwd': Permission denied\n", 1),
        ("chmod 777 /etc", "chmod: changing permissions of '/etc': Operation not permitted\n", 1),
        ("chown nobody /tmp", "chown: changing ownership of '/tmp': Operation not permitted\n", 1),
        ("cp /etc/passwd /usr/", "cp: cannot create regular file '/usr/passwd': Permission denied\n", 1),
        ("touch /tmp/f && ls -l /tmp/f", "-rw-r--r-- 1 nobody nogroup 0 Oct 20 09:00 /tmp/f\n", 0),
        ("echo x > /tmp/g && ls -l /tmp/g", "-rw-r--r-- 1 nobody nogroup 2 Oct 20 09:00 /tmp/g\n", 0),
        (
            "apt-get update",
            "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n",
            100,
        ),
        (
            "pip install flask",
            "ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '/usr/local/lib/python3.12/site-packages/markupsafe'\nCheck the permissions.\n\n",
            1,
        ),
        ("useradd app", "useradd: Permission denied.\nuseradd: cannot lock /etc/passwd; try again later.\n", 1),
    ]);
}

/// Runs each case in a fresh bash session limited to 64 MiB of memory and
/// 64 processes, as `docker run -m 64m --pids-limit 64` would.
#[test]
fn resource_limits_table() {
    let image = image("library/python", "3.12-slim");
    let install = "apt-get update -qq && apt-get install -y -qq stress > /dev/null";
    let debconf = "debconf: delaying package configuration, since apt-utils is not installed\n";
    let stress_lines = [
        format!("{install} && stress --vm 1 --vm-bytes 128M --timeout 5s"),
        format!("{install} && stress --cpu 2 --timeout 3s"),
        format!("{install} && stress --cpu x"),
    ];
    let stress_texts = [
        format!(
            "{debconf}stress: info: [7] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n\
             stress: FAIL: [7] (425) <-- worker 8 got signal 9\n\
             stress: WARN: [7] (427) now reaping child worker processes\n\
             stress: FAIL: [7] (461) failed run completed in 0s\n"
        ),
        format!(
            "{debconf}stress: info: [7] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd\n\
             stress: info: [7] successful run completed in 3s\n"
        ),
        format!("{debconf}stress: FAIL: [7] (244) invalid argument: x\n"),
    ];
    let cases: &[(&str, &str, i32)] = &[
        ("sleep 2; echo $?", "0\n", 0),
        (
            "python3 -c 'x = bytearray(512 * 1024 * 1024)'",
            "Killed\n",
            137,
        ),
        ("python3 -c 'x = bytearray(1024)'; echo $?", "0\n", 0),
        (
            "bomb() { bomb | bomb & }; bomb",
            "bash: fork: retry: Resource temporarily unavailable\n",
            2,
        ),
        (&stress_lines[0], &stress_texts[0], 1),
        (&stress_lines[1], &stress_texts[1], 0),
        (&stress_lines[2], &stress_texts[2], 1),
    ];
    let mut failures = Vec::new();
    for (line, expected, status) in cases {
        let (mut session, mut fs, mut system) = session_as(&image, "bash", "");
        system.memory_limit = Some(64 << 20);
        system.pids_limit = Some(64);
        let outcome = session.run_line(line, &mut fs, &mut system);
        let text = outcome.text();
        if text != *expected || outcome.status != *status {
            failures.push(format!(
                "{line:?}\n  expected {expected:?} (status {status})\n  got      {text:?} (status {})",
                outcome.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs procps' `ps` in its default, `-f` and `-e` formats after
/// installing it.
#[test]
fn procps_formats_table() {
    let install = "apt-get update -qq && apt-get install -y -qq procps > /dev/null 2>&1";
    let short = "    PID TTY          TIME CMD\n      1 pts/0    00:00:00 bash\n      7 pts/0    00:00:00 ps\n";
    let full = |command: &str| {
        format!(
            "UID          PID    PPID  C STIME TTY          TIME CMD\n\
             root           1       0  0 09:00 pts/0    00:00:00 bash\n\
             root           7       1  0 09:00 pts/0    00:00:00 {command}\n"
        )
    };
    let lines = ["ps", "ps -f", "ps -e", "ps -ef"].map(|ps| format!("{install} && {ps}"));
    let texts = [
        short.to_string(),
        full("ps -f"),
        short.to_string(),
        full("ps -ef"),
    ];
    let cases: Vec<(&str, &str, i32)> = lines
        .iter()
        .zip(&texts)
        .map(|(line, text)| (line.as_str(), text.as_str(), 0))
        .collect();
    check("library/python", "3.12-slim", "bash", &cases);
}
