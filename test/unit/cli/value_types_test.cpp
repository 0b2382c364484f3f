#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/tokenize.hpp"
#include "cli/value_types.hpp"

using namespace vrsh::cli;

namespace {

// Parses `line` (tokenized like the matcher does) with `t`; "" + consumed 0 when rejected.
ParamParse run(const ParamType& t, std::string_view line) {
  const std::vector<Token> tokens = tokenize(line);
  return t.parse(tokens, line);
}

std::string value(const ParamType& t, std::string_view line) {
  ParamParse p = run(t, line);
  return p.consumed ? p.value : "<rejected>";
}

}  // namespace

TEST_CASE("integer: range, normalization, strict decimal") {
  auto t = types::integer(1, 8355838);
  CHECK(t.placeholder == "INTEGER<1-8355838>");
  CHECK(value(t, "1") == "1");
  CHECK(value(t, "8355838") == "8355838");
  CHECK(value(t, "007") == "7");
  CHECK(run(t, "42 more").consumed == 1);
  CHECK(value(t, "0") == "<rejected>");
  CHECK(value(t, "8355839") == "<rejected>");
  CHECK(value(t, "+5") == "<rejected>");
  CHECK(value(t, "-5") == "<rejected>");
  CHECK(value(t, "5x") == "<rejected>");
  CHECK(value(t, "0x10") == "<rejected>");
  CHECK(value(t, "1.0") == "<rejected>");
  CHECK(value(t, "99999999999999999999999") == "<rejected>");  // overflow
  CHECK(run(t, "").consumed == 0);

  auto neg = types::integer(-10, 10);
  CHECK(neg.placeholder == "INTEGER<-10-10>");
  CHECK(value(neg, "-10") == "-10");
  CHECK(value(neg, "-11") == "<rejected>");
  CHECK(value(neg, "-") == "<rejected>");

  auto big = types::integer(1, 4294967295LL);
  CHECK(value(big, "4294967295") == "4294967295");
  CHECK(value(big, "4294967296") == "<rejected>");
}

TEST_CASE("ipv4: strict dotted quad") {
  auto t = types::ipv4();
  CHECK(t.placeholder == "IP_ADDR<X.X.X.X>");
  CHECK(value(t, "10.1.1.1") == "10.1.1.1");
  CHECK(value(t, "0.0.0.0") == "0.0.0.0");
  CHECK(value(t, "255.255.255.255") == "255.255.255.255");
  // One parser for the tree (model::parse_ipv4): leading zeros are refused, as the vendor does.
  CHECK(value(t, "010.001.1.1") == "<rejected>");
  CHECK(value(t, "10.01.1.1") == "<rejected>");
  CHECK(value(types::mask(), "255.255.255.00") == "<rejected>");
  CHECK(value(t, "256.1.1.1") == "<rejected>");
  CHECK(value(t, "1.1.1") == "<rejected>");
  CHECK(value(t, "1.1.1.1.1") == "<rejected>");
  CHECK(value(t, "1.1.1.") == "<rejected>");
  CHECK(value(t, "1..1.1") == "<rejected>");
  CHECK(value(t, "1.1.1.1a") == "<rejected>");
  CHECK(value(t, "1.1.1.0001") == "<rejected>");
  CHECK(value(t, "-1.1.1.1") == "<rejected>");
  CHECK(value(t, "a.b.c.d") == "<rejected>");
}

TEST_CASE("ipv6: inet_pton and canonical text") {
  auto t = types::ipv6();
  CHECK(t.placeholder == "IPV6_ADDR<X:X::X:X>");
  CHECK(value(t, "2001:DB8:0:0::1") == "2001:DB8::1");
  CHECK(value(t, "::") == "::");
  CHECK(value(t, "fe80::1") == "FE80::1");
  CHECK(value(t, "2001:db8::1::2") == "<rejected>");
  CHECK(value(t, "12345::") == "<rejected>");
  CHECK(value(t, "1.2.3.4") == "<rejected>");
  CHECK(value(t, "fe80::1%eth0") == "<rejected>");
  CHECK(value(t, std::string(200, ':')) == "<rejected>");
}

TEST_CASE("ipv6_prefix: one token, the length in range") {
  auto t = types::ipv6_prefix(1, 128);
  CHECK(value(t, "2001:db8:0::1/64") == "2001:DB8::1/64");
  CHECK(value(t, "2001:db8::1/128") == "2001:DB8::1/128");
  CHECK(value(t, "2001:db8::1/0") == "<rejected>");
  CHECK(value(t, "2001:db8::1/129") == "<rejected>");
  CHECK(value(t, "2001:db8::1") == "<rejected>");
  CHECK(value(t, "2001:db8::1/") == "<rejected>");
  CHECK(value(t, "/64") == "<rejected>");
}

TEST_CASE("mask: dotted contiguous or length") {
  auto t = types::mask();
  CHECK(t.placeholder == "IP_MASK<X.X.X.X>|INTEGER<0-32>");
  CHECK(value(t, "24") == "255.255.255.0");
  CHECK(value(t, "0") == "0.0.0.0");
  CHECK(value(t, "32") == "255.255.255.255");
  CHECK(value(t, "1") == "128.0.0.0");
  CHECK(value(t, "255.255.255.252") == "255.255.255.252");
  CHECK(value(t, "0.0.0.0") == "0.0.0.0");
  CHECK(value(t, "33") == "<rejected>");
  CHECK(value(t, "-1") == "<rejected>");
  CHECK(value(t, "255.0.255.0") == "<rejected>");
  CHECK(value(t, "0.255.255.255") == "<rejected>");  // a wildcard, not a mask
  CHECK(value(t, "255.255.255") == "<rejected>");
}

TEST_CASE("mask_length") {
  auto t = types::mask_length(1, 32);
  CHECK(t.placeholder == "INTEGER<1-32>");
  CHECK(value(t, "32") == "32");
  CHECK(value(t, "0") == "<rejected>");
  CHECK(value(t, "33") == "<rejected>");
}

TEST_CASE("string: one token, length bounds, case kept") {
  auto t = types::string(1, 31);
  CHECK(t.placeholder == "STRING<1-31>");
  CHECK(value(t, "VpnA") == "VpnA");
  CHECK(run(t, "a b").consumed == 1);
  CHECK(value(t, std::string(31, 'x')) == std::string(31, 'x'));
  CHECK(value(t, std::string(32, 'x')) == "<rejected>");
  CHECK(value(t, "\"two words\"") == "two words");
  CHECK(value(t, "\"\"") == "<rejected>");
  auto t3 = types::string(3, 5);
  CHECK(value(t3, "ab") == "<rejected>");
}

TEST_CASE("text: rest of line with inner spacing") {
  auto t = types::text(1, 20);
  CHECK(t.placeholder == "TEXT<1-20>");
  ParamParse p = run(t, "hello   big  world   ");
  CHECK(p.consumed == 3);
  CHECK(p.value == "hello   big  world");
  CHECK(value(t, "\"quoted words\"") == "quoted words");
  CHECK(value(t, "\"a\" b") == "\"a\" b");  // quotes kept when more follows
  CHECK(value(t, std::string(21, 'x')) == "<rejected>");
  CHECK(value(t, std::string(20, 'x')) == std::string(20, 'x'));
  // Columns past the given line (tokens from elsewhere) fall back to the token text.
  Token far{"word", 100};
  CHECK(t.parse(std::span<const Token>(&far, 1), "short").value == "word");
}

TEST_CASE("decimal: fixed places, exact range") {
  auto t = types::decimal(0.000001, 100, 6);
  CHECK(t.placeholder == "STRING<1-10>");
  CHECK(value(t, "10") == "10.000000");
  CHECK(value(t, "5.5") == "5.500000");
  CHECK(value(t, "0.000001") == "0.000001");
  CHECK(value(t, "100") == "100.000000");
  CHECK(value(t, "100.000000") == "100.000000");
  CHECK(value(t, "100.000001") == "<rejected>");
  CHECK(value(t, "0") == "<rejected>");
  CHECK(value(t, "0.0000001") == "<rejected>");  // more places than allowed
  CHECK(value(t, "1.") == "<rejected>");
  CHECK(value(t, ".5") == "<rejected>");
  CHECK(value(t, "-1") == "<rejected>");
  CHECK(value(t, "+1") == "<rejected>");
  CHECK(value(t, "1e2") == "<rejected>");
  CHECK(value(t, "nan") == "<rejected>");
  CHECK(value(t, "9999999999") == "<rejected>");

  auto whole = types::decimal(0, 50, 0);
  CHECK(value(whole, "7") == "7");
  CHECK(value(whole, "7.5") == "<rejected>");

  auto neg = types::decimal(-1.5, 1.5, 1);
  CHECK(value(neg, "-1.5") == "-1.5");
  CHECK(value(neg, "-1.6") == "<rejected>");
  CHECK(value(neg, "0") == "0.0");
}
