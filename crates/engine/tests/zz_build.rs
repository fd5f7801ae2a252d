mod sh_support;
use engine::sh::*;
use sh_support::*;

#[test]
fn explore_build() {
    let text = std::fs::read_to_string("/tmp/shscratch/build.txt").unwrap();
    let (image_name, rest) = text.split_once('\n').unwrap();
    let (repo, tag) = image_name.split_once(':').unwrap();
    let img = image(repo, tag);
    let mut fs = img.fs.clone();
    for script in rest.split("\n---\n") {
        let (user, script) = match script.strip_prefix("USER ") { Some(rest) => rest.split_once('\n').unwrap(), None => ("", script) };
        let mut shell = ShellState::new(ShellKind::detect(&fs, "/bin/sh").unwrap(), "/bin/sh").with_environment(&img.env).with_cwd(&img.cwd).with_user(user);
        let mut system = BuildSystem::new(0, "amd64", &format!("/bin/sh -c {script}"));
        let outcome = run_script(script, &mut shell, &mut fs, &mut system, Mode::Build);
        println!("RUN {script}");
        for line in &outcome.output {
            println!("{:>8.3} {}{}", line.offset_millis as f64 / 1000.0, if line.stream == engine::Stream::Stderr { "!" } else { " " }, line.text);
        }
        println!("status {} simulated {} duration {} notes {:?}\n", outcome.status, outcome.simulated, outcome.duration_millis, outcome.notes);
    }
}
