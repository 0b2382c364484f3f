// Start-up configuration loading and the App's commit path.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/session.hpp"
#include "commands/app.hpp"
#include "commands/startup.hpp"

namespace fs = std::filesystem;
using namespace vrsh;

namespace {

struct Fixture {
  commands::App app;
  cli::Registry reg;
  fs::path dir = fs::temp_directory_path() / fs::path("vrsh-startup-test-" + std::to_string(::getpid()));
  Fixture() {
    commands::register_all(reg, app);
    fs::create_directories(dir);
  }
  ~Fixture() { fs::remove_all(dir); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return dir / name;
  }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "startup: a rendered configuration loads and commits once") {
  const auto path =
      write("ok.cfg",
            "#\nsysname R9\n#\ninterface GigabitEthernet0/1/2\n undo shutdown\n"
            " ip address 10.0.0.1 255.255.255.0\n#\nesqm\n esqm protocol tcp enable\n#\nreturn\n");
  const auto& r = commands::load_startup(reg, app, path.string());
  CHECK(r.file == commands::StartupResult::File::Read);
  CHECK(r.rejected.empty());
  CHECK(r.commands == 6);
  CHECK_FALSE(r.holds_lost_text());
  std::ostringstream err;
  commands::report_startup(r, err);
  CHECK(err.str().empty());
  CHECK(app.store.running().sysname == "R9");
  CHECK(app.store.running().esqm.tcp_enable);
  REQUIRE(app.store.running().find_interface("GigabitEthernet0/1/2"));
  CHECK_FALSE(app.store.running().find_interface("GigabitEthernet0/1/2")->shutdown);
  CHECK(app.store.history().size() == 1);
  CHECK_FALSE(app.uncommitted());
}

TEST_CASE_FIXTURE(Fixture, "startup: a bad line is rejected with its caret; every other line is kept") {
  const auto path =
      write("bad.cfg",
            "#\nsysname HALF\nmtu 9000\n#\ninterface GigabitEthernet0/1/2\n ip adress 1.1.1.1 24\n"
            " undo shutdown\n#\n");
  const auto& r = commands::load_startup(reg, app, path.string());
  REQUIRE(r.rejected.size() == 2);
  CHECK(r.rejected[0].line == 3);
  CHECK(r.rejected[0].text == "mtu 9000");
  CHECK(r.rejected[0].view == "system");
  CHECK(r.rejected[0].parse);
  CHECK(r.rejected[0].column == std::optional<std::size_t>(0));
  CHECK(r.rejected[1].line == 6);
  CHECK(r.rejected[1].text == " ip adress 1.1.1.1 24");
  CHECK(r.rejected[1].view == "interface");
  CHECK(r.rejected[1].column == std::optional<std::size_t>(4));  // under "adress"
  CHECK(r.holds_lost_text());
  CHECK(app.store.running().sysname == "HALF");
  REQUIRE(app.store.running().find_interface("GigabitEthernet0/1/2"));
  CHECK_FALSE(app.store.running().find_interface("GigabitEthernet0/1/2")->shutdown);
  CHECK_FALSE(app.uncommitted());
  std::ostringstream err;
  commands::report_startup(r, err);
  CHECK(err.str().find("Error: Line 6 of the startup file " + path.string() +
                       " was not restored:\n ip adress 1.1.1.1 24\n    ^\n"
                       "Error: Unrecognized command found at '^' position.\n") != std::string::npos);
  CHECK(err.str().find("Info: 3 of the 5 commands") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture,
                  "startup: the lines under a rejected line are rejected with it, not run elsewhere") {
  const auto path = write("view.cfg",
                          "#\ninterface GigabitEthernet9/9/9\n undo shutdown\n description x\n#\n"
                          "sysname AFTER\n#\n");
  const auto& r = commands::load_startup(reg, app, path.string());
  REQUIRE(r.rejected.size() == 3);
  CHECK(r.rejected[1].error == "The view of line 2 was not entered.");
  CHECK(r.rejected[2].line == 4);
  CHECK(app.store.running().sysname == "AFTER");
}

TEST_CASE_FIXTURE(Fixture,
                  "startup: a block the configuration does not commit with is left out, the rest is kept") {
  const auto path = write("invalid.cfg",
                          "#\nsysname X\n#\nip route-static 10.0.0.0 8 LoopBack4\n"
                          "ip route-static 10.9.0.0 16 NULL0\nip route-static 10.8.0.0 16 LoopBack5\n#\n"
                          "arp static 10.1.1.1 00e0-fc12-3456\n#\nreturn\n");
  const auto& r = commands::load_startup(reg, app, path.string());
  REQUIRE(r.rejected.size() == 2);
  CHECK(r.rejected[0].line == 4);
  CHECK(r.rejected[0].error.find("LoopBack4") != std::string::npos);
  CHECK(r.rejected[1].line == 6);
  CHECK(r.rejected[1].error.find("LoopBack5") != std::string::npos);
  CHECK(app.store.running().routes.size() == 1);
  CHECK_FALSE(r.commit_failed);
  CHECK(app.store.running().sysname == "X");
  CHECK(app.store.running().arp_static.size() == 1);
  CHECK(app.store.history().size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "startup: a missing file is a first boot; an unreadable one keeps its text") {
  CHECK(commands::load_startup(reg, app, (dir / "absent.cfg").string()).file ==
        commands::StartupResult::File::Missing);
  CHECK_FALSE(app.startup.holds_lost_text());
  const auto& r = commands::load_startup(reg, app, dir.string());  // a directory
  CHECK(r.file == commands::StartupResult::File::Unreadable);
  CHECK(r.holds_lost_text());
  std::ostringstream err;
  commands::report_startup(r, err);
  CHECK(err.str().find("Error: ") == 0);
}

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE_FIXTURE(Fixture, "startup: save keeps the rejected original once and a plain .bak every time") {
  const std::string original = "#\nsysname KEEP\nmtu 9000\n#\nreturn\n";
  const auto path = write("rt.cfg", original);
  app.startup_path = path.string();
  commands::load_startup(reg, app, path.string());
  std::ostringstream out;
  REQUIRE(commands::save_config(app, app.startup_path, out));
  CHECK(out.str() == "Info: The startup file " + path.string() +
                         " holds 1 command that was not restored; it was copied to " + path.string() +
                         ".rejected.bak.\n");
  CHECK(slurp(path.string() + ".rejected.bak") == original);
  CHECK(slurp(path.string() + ".bak") == original);
  CHECK(slurp(path).find("sysname KEEP") != std::string::npos);
  CHECK(slurp(path).find("mtu") == std::string::npos);
  const std::string first_save = slurp(path);

  app.candidate.sysname = "LATER";
  std::ostringstream commit_out;
  REQUIRE(app.commit(commit_out));
  std::ostringstream out2;
  REQUIRE(commands::save_config(app, app.startup_path, out2));
  CHECK(out2.str().empty());                                  // kept once only
  CHECK(slurp(path.string() + ".rejected.bak") == original);  // never replaced
  CHECK(slurp(path.string() + ".bak") == first_save);         // the previous file
  CHECK(slurp(path).find("sysname LATER") != std::string::npos);

  // Another start from a file with rejected lines: the earlier copy stays, the new one gets .2.bak.
  write("rt.cfg", "sysname AGAIN\nbogus line\n");
  commands::App app2;
  cli::Registry reg2;
  commands::register_all(reg2, app2);
  app2.startup_path = path.string();
  commands::load_startup(reg2, app2, path.string());
  std::ostringstream out3;
  REQUIRE(commands::save_config(app2, app2.startup_path, out3));
  CHECK(slurp(path.string() + ".rejected.bak") == original);
  CHECK(slurp(path.string() + ".rejected.2.bak") == "sysname AGAIN\nbogus line\n");
}

TEST_CASE_FIXTURE(Fixture, "startup: save refuses to overwrite a file it could not read") {
  const auto path = dir / "sub";
  fs::create_directories(path);
  app.startup_path = path.string();
  commands::load_startup(reg, app, path.string());
  std::ostringstream out;
  CHECK_FALSE(commands::save_config(app, app.startup_path, out));
  CHECK(out.str().find("it was not overwritten") != std::string::npos);
  CHECK(fs::is_directory(path));
}

TEST_CASE_FIXTURE(Fixture,
                  "app: entering an interface view changes nothing; commit applies and clears the mark") {
  std::ostringstream out;
  cli::Session s(reg, commands::session_hooks(app), out);
  CHECK(s.execute("system-view") == cli::Status::Ok);
  CHECK(s.execute("interface GigabitEthernet0/2/7") == cli::Status::Ok);
  CHECK(s.prompt() == "[~HUAWEI-GigabitEthernet0/2/7]");
  CHECK(s.execute("undo shutdown") == cli::Status::Ok);
  CHECK(s.prompt() == "[*HUAWEI-GigabitEthernet0/2/7]");
  CHECK(s.execute("shutdown") == cli::Status::Ok);  // back to the default: nothing to commit
  CHECK(s.prompt() == "[~HUAWEI-GigabitEthernet0/2/7]");
  CHECK(s.execute("sysname EDGE") == cli::Status::Ok);
  CHECK(s.execute("commit") == cli::Status::Ok);
  CHECK(s.prompt() == "[~EDGE]");
  CHECK(app.store.history().size() == 1);
}
