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
  std::ostringstream err;
  REQUIRE(commands::load_startup(reg, app, path.string(), err));
  CHECK(err.str().empty());
  CHECK(app.store.running().sysname == "R9");
  CHECK(app.store.running().esqm.tcp_enable);
  REQUIRE(app.store.running().find_interface("GigabitEthernet0/1/2"));
  CHECK_FALSE(app.store.running().find_interface("GigabitEthernet0/1/2")->shutdown);
  CHECK(app.store.history().size() == 1);
  CHECK_FALSE(app.uncommitted());
}

TEST_CASE_FIXTURE(Fixture, "startup: a bad line leaves an empty configuration, never half of the file") {
  const auto path =
      write("bad.cfg", "#\nsysname HALF\n#\ninterface GigabitEthernet0/1/2\n ip adress 1.1.1.1 24\n#\n");
  std::ostringstream err;
  CHECK_FALSE(commands::load_startup(reg, app, path.string(), err));
  CHECK(err.str().find("line 5") != std::string::npos);
  CHECK(err.str().find("ip adress 1.1.1.1 24") != std::string::npos);
  CHECK(app.store.running() == model::Config{});
  CHECK(app.candidate == model::Config{});
  CHECK(app.store.history().empty());
}

TEST_CASE_FIXTURE(Fixture, "startup: a file that does not validate is refused as a whole") {
  const auto path = write("invalid.cfg", "#\nsysname X\nip route-static 10.0.0.0 8 LoopBack4\n#\nreturn\n");
  std::ostringstream err;
  CHECK_FALSE(commands::load_startup(reg, app, path.string(), err));
  CHECK(err.str().find("LoopBack4") != std::string::npos);
  CHECK(app.store.running() == model::Config{});
}

TEST_CASE_FIXTURE(Fixture, "startup: a missing file is a first boot; an unreadable one is an error") {
  std::ostringstream err;
  CHECK(commands::load_startup(reg, app, (dir / "absent.cfg").string(), err));
  CHECK(err.str().empty());
  CHECK_FALSE(commands::load_startup(reg, app, dir.string(), err));  // a directory
  CHECK(err.str().find("Error: ") == 0);
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
