// Session::execute: prompts, view changes, fallback to enclosing views, carets, handler errors.
#include <doctest/doctest.h>

#include <deque>

#include "session_fixture.hpp"

namespace vrsh::cli::test {
namespace {

std::string caret(std::size_t col, std::string_view error) {
  return std::string(col, ' ') + "^\n" + std::string(error) + "\n";
}

const std::string kUnrecognized = "Error: Unrecognized command found at '^' position.";
const std::string kLeave =
    "Warning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:";

// Answers questions from a fixed list, like batch input would.
LineReader answers(std::deque<std::string> list) {
  return [list = std::move(list)](const std::string&) mutable -> std::optional<std::string> {
    if (list.empty()) return std::nullopt;
    std::string a = list.front();
    list.pop_front();
    return a;
  };
}

TEST_CASE("session: prompts follow views, sysname and the uncommitted mark") {
  Rig r;
  CHECK(r.s.prompt() == "<HUAWEI>");
  CHECK(r.s.frames().size() == 1);
  CHECK(r.s.frames()[0].view == "user");

  CHECK(r.s.execute("system-view") == Status::Ok);
  CHECK(r.take() == "Enter system view, return user view with return command.\n");
  CHECK(r.s.prompt() == "[~HUAWEI]");

  CHECK(r.s.execute("sysname R1") == Status::Ok);
  CHECK(r.s.prompt() == "[*HUAWEI]");  // the name changes only when committed
  CHECK(r.s.execute("commit") == Status::Ok);
  CHECK(r.s.prompt() == "[~R1]");

  CHECK(r.s.execute("esqm") == Status::Ok);
  CHECK(r.s.prompt() == "[~R1-esqm]");
  CHECK(r.s.execute("service-stream enable") == Status::Ok);
  CHECK(r.s.prompt() == "[*R1-esqm]");
  CHECK(r.take().empty());
}

TEST_CASE("session: blank lines and carriage returns") {
  Rig r;
  CHECK(r.s.execute("") == Status::Ok);
  CHECK(r.s.execute("   \t ") == Status::Ok);
  CHECK(r.s.execute("\r") == Status::Ok);
  CHECK(r.take().empty());
  CHECK(r.s.execute("display version\r") == Status::Ok);
  CHECK(r.take() == "vrsh 1.0\n");
}

TEST_CASE("session: the caret column counts the prompt") {
  Rig r;
  CHECK(r.s.execute("frobnicate") == Status::Error);
  CHECK(r.take() == caret(8, kUnrecognized));  // "<HUAWEI>" is 8 wide
  CHECK(r.s.execute("display frob") == Status::Error);
  CHECK(r.take() == caret(8 + 8, kUnrecognized));

  r.s.execute("system-view");
  r.s.execute("esqm");
  r.take();
  // Reported for the current view (esqm), not for system view where the word fails at 0.
  CHECK(r.s.execute("service-stream frob") == Status::Error);
  CHECK(r.take() == caret(std::string("[~HUAWEI-esqm]").size() + 15, kUnrecognized));
}

TEST_CASE("session: a command of an enclosing view moves there") {
  Rig r;
  r.s.execute("system-view");
  r.s.execute("esqm");
  CHECK(r.s.execute("interface g1") == Status::Ok);
  CHECK(r.s.prompt() == "[~HUAWEI-g1]");
  REQUIRE(r.s.frames().size() == 3);
  CHECK(r.s.frames()[1].view == "system");
  CHECK(r.s.frames()[2].view == "interface");
  r.take();
  CHECK(r.s.execute("show-name") == Status::Ok);
  CHECK(r.take() == "ifname=g1\n");

  CHECK(r.s.execute("interface g2") == Status::Ok);  // sibling, not nested
  CHECK(r.s.prompt() == "[~HUAWEI-g2]");
  CHECK(r.s.frames().size() == 3);

  CHECK(r.s.execute("esqm") == Status::Ok);
  CHECK(r.s.prompt() == "[~HUAWEI-esqm]");
  CHECK(r.s.frames().size() == 3);
}

TEST_CASE("session: user-view commands are not reachable from configuration views") {
  Rig r;
  r.s.execute("system-view");
  r.s.execute("esqm");
  r.take();
  CHECK(r.s.execute("display version") == Status::Error);
  CHECK(r.take() == caret(std::string("[~HUAWEI-esqm]").size(), kUnrecognized));
  CHECK(r.s.frames().size() == 3);  // a failed line moves nowhere
  // Commands registered for every view match in place.
  CHECK(r.s.execute("quit") == Status::Ok);
  CHECK(r.s.prompt() == "[~HUAWEI]");
}

TEST_CASE("session: handler failures and exceptions") {
  Rig r;
  CHECK(r.s.execute("fail") == Status::Error);
  CHECK(r.take() == "Error: It failed.\n");
  r.s.execute("system-view");
  r.take();
  CHECK(r.s.execute("boom") == Status::Error);
  CHECK(r.take() == "Error: Something broke.\n");
  CHECK(r.s.prompt() == "[~HUAWEI]");
}

TEST_CASE("session: the failure of the last line is kept as data, not only printed") {
  Rig r;
  r.s.execute("system-view");
  CHECK(r.s.last_error().empty());
  r.s.execute("boom");
  CHECK(r.s.last_error() == "Something broke.");
  CHECK(!r.s.last_error_column());  // a handler's failure has no caret
  r.s.execute("no-such-command");
  CHECK(r.s.last_error() == "Unrecognized command found at '^' position.");
  CHECK(r.s.last_error_column() == std::optional<std::size_t>(0));
  r.s.execute("quit extra");
  CHECK(r.s.last_error_column() == std::optional<std::size_t>(5));  // under "extra"
  r.s.execute("quit");
  CHECK(r.s.last_error().empty());  // cleared by a line that succeeds
  CHECK(!r.s.last_error_column());
}

TEST_CASE("session: quit and return without uncommitted changes") {
  Rig r;
  r.s.execute("system-view");
  r.s.execute("interface g1");
  r.s.execute("quit");
  CHECK(r.s.prompt() == "[~HUAWEI]");
  r.s.execute("esqm");
  r.s.execute("return");
  CHECK(r.s.prompt() == "<HUAWEI>");
  CHECK_FALSE(r.s.finished());
  r.s.execute("quit");
  CHECK(r.s.finished());
  CHECK(r.dom.discards == 0);
  CHECK(r.dom.commits == 0);
}

TEST_CASE("session: leaving system view with uncommitted changes asks first") {
  Rig r;
  r.s.execute("system-view");
  r.s.execute("sysname R1");
  r.take();

  SUBCASE("yes commits and leaves") {
    r.s.set_reader(answers({"Y"}));
    r.s.execute("quit");
    CHECK(r.take() == kLeave + "Y\n");
    CHECK(r.s.prompt() == "<R1>");
    CHECK(r.dom.commits == 1);
  }
  SUBCASE("no discards and leaves") {
    r.s.set_reader(answers({"no"}));
    r.s.execute("quit");
    CHECK(r.take() == kLeave + "no\n");
    CHECK(r.s.prompt() == "<HUAWEI>");
    CHECK(r.dom.discards == 1);
    CHECK(r.dom.commits == 0);
  }
  SUBCASE("cancel stays") {
    r.s.set_reader(answers({"c"}));
    r.s.execute("quit");
    CHECK(r.s.prompt() == "[*HUAWEI]");
    CHECK(r.dom.discards == 0);
  }
  SUBCASE("an empty answer asks again") {
    r.s.set_reader(answers({"", "  ", " yes "}));
    r.s.execute("quit");
    const std::string retry =
        "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:";
    CHECK(r.take() == kLeave + "\n" + retry + "  \n" + retry + " yes \n");
    CHECK(r.s.prompt() == "<R1>");
  }
  SUBCASE("a line that is no answer cancels and says so") {
    r.s.set_reader(answers({"display version"}));
    r.s.execute("quit");
    CHECK(r.take() ==
          kLeave +
              "\nInfo: \"display version\" is not an answer: answered C (cancel). The line runs as a "
              "command.\n");
    CHECK(r.s.prompt() == "[*HUAWEI]");
    CHECK(r.dom.discards == 0);
  }
  SUBCASE("a failed commit stays") {
    r.dom.commit_ok = false;
    r.s.set_reader(answers({"y"}));
    r.s.execute("quit");
    CHECK(r.take() == kLeave + "y\nError: Commit failed.\n");
    CHECK(r.s.prompt() == "[*HUAWEI]");
  }
  SUBCASE("end of input cancels") {
    r.s.set_reader(answers({}));
    r.s.execute("quit");
    CHECK(r.take() == kLeave + "\n");
    CHECK(r.s.prompt() == "[*HUAWEI]");
    CHECK(r.dom.discards == 0);
    CHECK(r.dom.commits == 0);
  }
  SUBCASE("quit from a nested view does not ask") {
    r.s.execute("esqm");
    r.s.execute("quit");
    CHECK(r.take().empty());
    CHECK(r.s.prompt() == "[*HUAWEI]");
  }
  SUBCASE("return from a nested view asks") {
    r.s.execute("interface g1");
    r.s.set_reader(answers({"c"}));
    r.s.execute("return");
    CHECK(r.take() == kLeave + "c\n");
    CHECK(r.s.prompt() == "[*HUAWEI-g1]");
    r.s.set_reader(answers({"n"}));
    r.s.execute("return");
    CHECK(r.s.prompt() == "<HUAWEI>");
  }
}

TEST_CASE("session: help and completion fall back to enclosing views") {
  Rig r;
  CHECK(r.s.completions("sys") == std::vector<std::string>{"system-view"});
  CHECK(r.s.help_text("display ") == format_help(r.reg.help("user", "display ")));
  CHECK(r.s.help_text("display ").find("version") != std::string::npos);
  CHECK(r.s.help_text("frob ") == caret(8, kUnrecognized));

  r.s.execute("system-view");
  r.s.execute("esqm");
  CHECK(r.s.completions("inter") == std::vector<std::string>{"interface"});
  CHECK(r.s.completions("serv") == std::vector<std::string>{"service-stream"});
  const std::string h = r.s.help_text("interface ");
  CHECK(h.find("Interface name") != std::string::npos);
  CHECK(h.find("Error") == std::string::npos);
  r.s.execute("interface g1");
  CHECK(r.s.completions("esqm gl").empty());  // a value here, not the system view's keyword
  CHECK(r.s.completions("esq") == std::vector<std::string>{"esqm"});
  r.s.execute("quit");
  r.s.execute("esqm");
  // Still the user view stays out of reach.
  CHECK(r.s.help_text("display ") == caret(std::string("[~HUAWEI-esqm]").size(), kUnrecognized));
  CHECK(r.s.completions("disp").empty());
}

}  // namespace
}  // namespace vrsh::cli::test
