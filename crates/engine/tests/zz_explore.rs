mod sh_support;
use sh_support::*;

#[test]
fn explore() {
    let lines: Vec<String> = std::fs::read_to_string("/tmp/shscratch/lines.txt").unwrap().lines().map(String::from).collect();
    let (image_name, program) = lines[0].split_once(' ').unwrap();
    let (repo, tag) = image_name.split_once(':').unwrap();
    let img = image(repo, tag);
    let (mut session, mut fs, mut system) = session(&img, program);
    let mut transcript = String::new();
    for line in &lines[1..] {
        transcript.push_str(&session.prompt());
        transcript.push_str(line);
        transcript.push('\n');
        let outcome = session.run_line(line, &mut fs, &mut system);
        transcript.push_str(&outcome.text());
        if outcome.status != 0 { transcript.push_str(&format!("[status {}]\n", outcome.status)); }
        if !outcome.notes.is_empty() { transcript.push_str(&format!("[notes {:?}]\n", outcome.notes)); }
    }
    println!("{transcript}");
}
