#include "tmkit/status.hpp"

#include <catch2/catch.hpp>

namespace {

tmkit::Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return tmkit::Status::invalid_input(std::string("not a digit: ") + c);
  return c - '0';
}

tmkit::Result<int> sum_of_digits(char a, char b) {
  TMKIT_ASSIGN_OR_RETURN(const int x, parse_digit(a));
  TMKIT_ASSIGN_OR_RETURN(const int y, parse_digit(b));
  return x + y;
}

tmkit::Status check_digit(char c) {
  TMKIT_RETURN_IF_ERROR(parse_digit(c).status());
  return {};
}

}  // namespace

TEST_CASE("Result carries either a value or the first error", "[status]") {
  const auto good = sum_of_digits('3', '4');
  REQUIRE(good.ok());
  CHECK(*good == 7);
  const auto bad = sum_of_digits('3', 'x');
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == tmkit::StatusCode::kInvalidInput);
  CHECK(bad.status().message() == "not a digit: x");
}

TEST_CASE("TMKIT_RETURN_IF_ERROR passes failures up and context is prefixed", "[status]") {
  CHECK(check_digit('5').ok());
  const tmkit::Status status = check_digit('?').with_context("a.tsv, line 3");
  CHECK(status.message() == "a.tsv, line 3: not a digit: ?");
  CHECK(tmkit::Status().with_context("ignored").ok());
}
