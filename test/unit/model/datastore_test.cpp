#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "model/datastore.hpp"
#include "model/render.hpp"

using namespace vrsh::model;
using namespace vrsh::model::test;

namespace {

Datastore::Clock fixed_clock() {
  auto n = std::make_shared<int>(0);
  return [n] { return fmt::format("2024-05-01 10:00:{:02}", (*n)++ % 60); };
}

Config named(const std::string& sysname) {
  Config c;
  c.sysname = sysname;
  return c;
}

}  // namespace

TEST_CASE("commit assigns ids, records history and skips no-op commits") {
  Datastore ds(fixed_clock());
  auto r1 = ds.commit(named("A"), "first", "set A");
  CHECK(r1.ok);
  CHECK(r1.changed);
  CHECK(r1.id == 1000000001u);
  CHECK(ds.running().sysname == "A");

  auto same = ds.commit(named("A"), "", "");
  CHECK(same.ok);
  CHECK_FALSE(same.changed);
  CHECK(ds.history().size() == 1);

  ds.set_identity("root", "VTY 1");
  auto r2 = ds.commit(named("B"), "", "IP address");
  CHECK(r2.id == 1000000002u);
  REQUIRE(ds.history().size() == 2);
  const CommitInfo& newest = ds.history().front();
  CHECK(newest.id == 1000000002u);
  CHECK(newest.before.sysname == "A");
  CHECK(newest.after.sysname == "B");
  CHECK(newest.type == "CLI");
  CHECK(newest.timestamp == "2024-05-01 10:00:01");
  CHECK(ds.config_at(1000000001u)->sysname == "A");
  CHECK(!ds.config_at(999u));
}

TEST_CASE("a failing commit changes nothing") {
  Datastore ds(fixed_clock());
  Config bad = upe_config();
  bad.ipfpm.dcp.id.reset();
  auto r = ds.commit(bad, "", "");
  CHECK_FALSE(r.ok);
  CHECK(r.errors == std::vector<std::string>{"Error: The IP FPM DCP has instances but no DCP ID."});
  CHECK(ds.running() == Config{});
  CHECK(ds.history().empty());

  CHECK(ds.commit(named("A"), "lbl", "").ok);
  auto dup = ds.commit(named("B"), "lbl", "");
  CHECK_FALSE(dup.ok);
  CHECK(dup.errors == std::vector<std::string>{"Error: The label lbl already exists."});
  CHECK(ds.running().sysname == "A");
}

TEST_CASE("rollback to a commit id, a label, or the last n commits") {
  Datastore ds(fixed_clock());
  ds.commit(named("A"), "la", "");
  ds.commit(named("B"), "", "");
  ds.commit(named("C"), "", "");

  auto r = ds.rollback_last(1);
  CHECK(r.ok);
  CHECK(r.changed);
  CHECK(r.id == 1000000004u);
  CHECK(ds.running().sysname == "B");
  CHECK(ds.history().front().type == "ROLLBACK");

  CHECK(ds.rollback_to(1000000003u).ok);  // back to C
  CHECK(ds.running().sysname == "C");
  CHECK(ds.rollback_to_label("la").ok);
  CHECK(ds.running().sysname == "A");
  CHECK(ds.rollback_last(6).ok);  // before every commit: the initial configuration
  CHECK(ds.running() == Config{});

  auto none = ds.rollback_to(1000000007u);  // already the running config
  CHECK(none.ok);
  CHECK_FALSE(none.changed);

  CHECK(ds.rollback_to(42).errors == std::vector<std::string>{"Error: The commit ID 42 does not exist."});
  CHECK(ds.rollback_to_label("zz").errors == std::vector<std::string>{"Error: The label zz does not exist."});
  CHECK(ds.rollback_last(0).errors ==
        std::vector<std::string>{"Error: The number of commits must be in the range 1 to 80."});
  CHECK(ds.rollback_last(81).errors.size() == 1);
  CHECK(ds.rollback_last(8).errors ==
        std::vector<std::string>{"Error: Only 7 commit point(s) exist; cannot roll back 8."});
}

TEST_CASE("history is bounded to the newest 100 commits") {
  Datastore ds(fixed_clock());
  for (int i = 0; i < 130; ++i) REQUIRE(ds.commit(named(fmt::format("R{}", i)), "", "").changed);
  CHECK(ds.history().size() == Datastore::kHistoryLimit);
  CHECK(ds.history().front().id == 1000000130u);
  CHECK(ds.history().back().id == 1000000031u);
  CHECK(!ds.config_at(1000000030u));
  CHECK(ds.config_at(1000000031u)->sysname == "R30");
  CHECK(ds.rollback_last(80).ok);
  CHECK(ds.running().sysname == "R49");
}

TEST_CASE("commit list layouts") {
  Datastore empty(fixed_clock());
  CHECK(empty.render_commit_list(false) == "Info: No commit point exists.\n");

  Datastore ds(fixed_clock());
  ds.commit(named("A"), "", "");
  ds.set_identity("root", "VTY 1");
  ds.commit(named("B"), "v2", "IP address");
  CHECK(ds.render_commit_list(true) ==
        "1) CommitId: 1000000002\n"
        "        Label: v2\n"
        "        User: root\n"
        "        User-Intf: VTY 1\n"
        "        Type: CLI\n"
        "        TimeStamp: 2024-05-01 10:00:01\n"
        "        Description: IP address\n"
        "\n"
        "2) CommitId: 1000000001\n"
        "        Label: -\n"
        "        User: anonymous\n"
        "        User-Intf: CON 1023\n"
        "        Type: CLI\n"
        "        TimeStamp: 2024-05-01 10:00:00\n"
        "        Description:\n");
  CHECK(ds.render_commit_list(false) ==
        "No.  CommitId    Label                User           TimeStamp\n"
        "1    1000000002  v2                   root           2024-05-01 10:00:01\n"
        "2    1000000001  -                    anonymous      2024-05-01 10:00:00\n");
}

TEST_CASE("commit changes") {
  Datastore ds(fixed_clock());
  ds.commit(named("A"), "", "");
  ds.commit(named("B"), "", "");
  const std::string c2 =
      "\nCommit changes of commitId 1000000002 2024-05-01 10:00:01\n  #\n- sysname A\n+ sysname B\n  #\n";
  const std::string c1 =
      "\nCommit changes of commitId 1000000001 2024-05-01 10:00:00\n  #\n- sysname HUAWEI\n+ sysname A\n  "
      "#\n";
  CHECK(ds.render_commit_changes(ChangesSelect::All).text == "Building configuration\n" + c2 + c1);
  CHECK(ds.render_commit_changes(ChangesSelect::Last, 1).text == "Building configuration\n" + c2);
  CHECK(ds.render_commit_changes(ChangesSelect::Last, 5).text == "Building configuration\n" + c2 + c1);
  CHECK(ds.render_commit_changes(ChangesSelect::At, 1000000001u).text == "Building configuration\n" + c1);
  auto bad = ds.render_commit_changes(ChangesSelect::At, 7);
  CHECK_FALSE(bad.ok);
  CHECK(bad.text == "Error: The commit ID 7 does not exist.\n");
}

TEST_CASE("save writes the running configuration atomically") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("vrsh-model-save-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path file = dir / "vrsh.cfg";
  {
    std::ofstream old(file);
    old << "stale content that is longer than the new one ..............................................\n";
  }
  Datastore ds(fixed_clock());
  REQUIRE(ds.commit(upe_config(), "", "").ok);
  std::string err;
  REQUIRE(ds.save(file.string(), &err));
  CHECK(err.empty());
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == render_config(upe_config()));
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);  // no temporary file left behind

  CHECK_FALSE(ds.save((dir / "missing" / "x.cfg").string(), &err));
  CHECK(err.starts_with("Error: Failed to create a temporary file for "));
  CHECK_FALSE(ds.save("", &err));
  fs::remove_all(dir);
}

TEST_CASE("stale temporary files of killed saves are removed; a live writer's locked one is kept") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("vrsh-model-stale-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto touch = [&](const std::string& name) { std::ofstream(dir / name) << "partial\n"; };
  // Left by killed saves: nobody holds their lock.
  touch("vrsh.cfg.tmpAb12Cd");
  touch("vrsh.cfg.tmpzzzzzz");
  // Not temporary files of vrsh.cfg: other files, other lengths or characters.
  touch("other.cfg.tmpAb12Cd");
  touch("vrsh.cfg.tmpAb12C");
  touch("vrsh.cfg.tmpAb12Cd.bak");
  touch("vrsh.cfg.tmp-b12Cd");
  // In flight: a writer (another open file description, as another process would have) holds
  // the exclusive lock.
  touch("vrsh.cfg.tmpLIVE01");
  const int live = ::open((dir / "vrsh.cfg.tmpLIVE01").c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(live >= 0);
  REQUIRE(::flock(live, LOCK_EX) == 0);

  CHECK(Datastore::remove_stale_temps((dir / "vrsh.cfg").string()) == 2);
  CHECK_FALSE(fs::exists(dir / "vrsh.cfg.tmpAb12Cd"));
  CHECK_FALSE(fs::exists(dir / "vrsh.cfg.tmpzzzzzz"));
  CHECK(fs::exists(dir / "vrsh.cfg.tmpLIVE01"));
  for (const char* kept :
       {"other.cfg.tmpAb12Cd", "vrsh.cfg.tmpAb12C", "vrsh.cfg.tmpAb12Cd.bak", "vrsh.cfg.tmp-b12Cd"}) {
    CHECK(fs::exists(dir / kept));
  }

  // A save cleans up as well, and leaves the live writer's file alone.
  touch("vrsh.cfg.tmpAb12Cd");
  Datastore ds(fixed_clock());
  REQUIRE(ds.commit(named("SAVED"), "", "").ok);
  std::string err;
  REQUIRE(ds.save((dir / "vrsh.cfg").string(), &err));
  CHECK_FALSE(fs::exists(dir / "vrsh.cfg.tmpAb12Cd"));
  CHECK(fs::exists(dir / "vrsh.cfg.tmpLIVE01"));

  // Once the writer is gone (its lock with it), its file is stale too.
  ::close(live);
  CHECK(Datastore::remove_stale_temps((dir / "vrsh.cfg").string()) == 1);
  CHECK_FALSE(fs::exists(dir / "vrsh.cfg.tmpLIVE01"));
  CHECK(Datastore::remove_stale_temps("") == 0);
  CHECK(Datastore::remove_stale_temps((dir / "missing" / "x.cfg").string()) == 0);
  fs::remove_all(dir);
}

TEST_CASE("rollback replaces the configuration but keeps the on-demand measurements that run") {
  Datastore ds(fixed_clock());
  Config base = upe_config();
  DcpInstance& in = base.ipfpm.dcp.instances[1];
  in.loss_continual = false;
  in.delay.reset();
  REQUIRE(ds.commit(base, "", "").ok);  // 1000000001
  Config measuring = base;
  measuring.ipfpm.dcp.instances[1].on_demand = OnDemand{30, true, false, std::nullopt, 1};
  REQUIRE(ds.commit(measuring, "", "").ok);  // 1000000002
  Config renamed = measuring;
  renamed.sysname = "UPE2";
  REQUIRE(ds.commit(renamed, "", "").ok);   // 1000000003
  REQUIRE(ds.rollback_to(1000000001u).ok);  // before the window was started: it keeps running
  CHECK(ds.running().sysname == base.sysname);
  CHECK(ds.running().ipfpm.dcp.instances.at(1).on_demand == measuring.ipfpm.dcp.instances[1].on_demand);
  CHECK(render_config(ds.running()) == render_config(base));  // and it is still never rendered
  Config restarted = ds.running();
  restarted.ipfpm.dcp.instances[1].on_demand->run = 2;
  REQUIRE(ds.commit(restarted, "", "").ok);
  REQUIRE(ds.rollback_to(1000000002u).ok);  // not back to the older window either
  CHECK(ds.running().ipfpm.dcp.instances.at(1).on_demand->run == 2);
}

TEST_CASE("commit list of the newest n, changes since a commit") {
  Datastore ds(fixed_clock());
  ds.commit(named("A"), "", "");
  ds.commit(named("B"), "", "");
  ds.commit(named("C"), "", "");
  CHECK(ds.render_commit_list(false, 2) ==
        "No.  CommitId    Label                User           TimeStamp\n"
        "1    1000000003  -                    anonymous      2024-05-01 10:00:02\n"
        "2    1000000002  -                    anonymous      2024-05-01 10:00:01\n");
  CHECK(ds.render_commit_list(false, 5) == ds.render_commit_list(false));
  CHECK(ds.render_commit_list(true, 1).starts_with("1) CommitId: 1000000003\n"));
  CHECK(ds.render_commit_list(true, 1).find("2)") == std::string::npos);

  const auto since = ds.render_commit_changes(ChangesSelect::Since, 1000000002u);
  CHECK(since.ok);
  CHECK(since.text == ds.render_commit_changes(ChangesSelect::Last, 2).text);
  CHECK(ds.render_commit_changes(ChangesSelect::Since, 1000000001u).text ==
        ds.render_commit_changes(ChangesSelect::All).text);
  const auto unknown = ds.render_commit_changes(ChangesSelect::Since, 1000000009u);
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.text == "Error: The commit ID 1000000009 does not exist.\n");
}

TEST_CASE("labels are set, moved only when free, cleared, and found by rollback") {
  Datastore ds(fixed_clock());
  ds.commit(named("A"), "", "");
  ds.commit(named("B"), "b", "");
  CHECK(ds.set_label(1000000001u, "a").empty());
  CHECK(ds.history().back().label == "a");
  CHECK(ds.set_label(1000000001u, "a").empty());  // the same label again: nothing to do
  CHECK(ds.set_label(1000000001u, "b") == "The label b already exists.");
  CHECK(ds.set_label(1000000007u, "x") == "The commit ID 1000000007 does not exist.");
  CHECK(ds.set_label(1000000001u, "a2").empty());  // a new label replaces the old one
  CHECK(ds.rollback_refusal_label("a") == "The label a does not exist.");
  CHECK(ds.rollback_refusal_label("a2").empty());
  CHECK(ds.commit(named("C"), "a", "").ok);  // "a" is free again
  CHECK(ds.clear_label(1000000002u).empty());
  CHECK(ds.clear_label(1000000002u) == "The commit ID 1000000002 has no label.");
  CHECK(ds.clear_label(1000000009u) == "The commit ID 1000000009 does not exist.");
  CHECK(ds.rollback_refusal_label("b") == "The label b does not exist.");
  CHECK(ds.rollback_refusal_label("").size() > 0);
  REQUIRE(ds.rollback_to_label("a2").ok);
  CHECK(ds.running().sysname == "A");
}

TEST_CASE("a trial commit rolls back when its time is up, or is confirmed by a commit") {
  Datastore ds(fixed_clock());
  ds.commit(named("A"), "", "");
  const auto t = ds.commit_trial(named("T"), "tl", "try", 120, 1000);
  REQUIRE(t.ok);
  REQUIRE(ds.trial());
  CHECK(ds.trial()->id == t.id);
  CHECK(ds.trial()->deadline == 1120);
  CHECK(ds.trial()->before.sysname == "A");
  CHECK(ds.history().front().type == "TRIAL");
  CHECK(ds.history().front().label == "tl");
  CHECK(ds.render_commit_list(false, 0, 1100)
            .ends_with("Info: Commit 1000000002 is a trial: it rolls back in 20 seconds unless confirmed by "
                       "commit.\n"));
  CHECK(ds.render_commit_list(false, 0, 1200).find("in 0 seconds") != std::string::npos);
  // A second trial waits for the first one to end.
  const auto again = ds.commit_trial(named("U"), "", "", 60, 1001);
  CHECK_FALSE(again.ok);
  CHECK(ds.running().sysname == "T");

  const auto back = ds.roll_back_trial("Trial not confirmed");
  REQUIRE(back.ok);
  CHECK(back.changed);
  CHECK_FALSE(ds.trial());
  CHECK(ds.running().sysname == "A");
  CHECK(ds.history().front().type == "ROLLBACK");
  CHECK(ds.history().front().description == "Trial not confirmed");
  CHECK(ds.render_commit_list(false).find("trial") == std::string::npos);
  CHECK_FALSE(ds.roll_back_trial("").ok);

  // Confirmed by a plain commit, with or without changes of its own.
  REQUIRE(ds.commit_trial(named("T2"), "", "", 60, 0).changed);
  CHECK(ds.commit(named("T2"), "", "").ok);
  CHECK_FALSE(ds.trial());
  CHECK(ds.running().sysname == "T2");
  REQUIRE(ds.commit_trial(named("T3"), "", "", 60, 0).changed);
  CHECK(ds.confirm_trial());
  CHECK_FALSE(ds.confirm_trial());
  // A failing commit does not confirm it.
  REQUIRE(ds.commit_trial(named("T4"), "", "", 60, 0).changed);
  Config bad = upe_config();
  bad.ipfpm.dcp.id.reset();
  CHECK_FALSE(ds.commit(bad, "", "").ok);
  CHECK(ds.trial());
  // Nothing to commit: no trial.
  ds.confirm_trial();
  const auto none = ds.commit_trial(ds.running(), "", "", 60, 0);
  CHECK(none.ok);
  CHECK_FALSE(none.changed);
  CHECK_FALSE(ds.trial());
}
