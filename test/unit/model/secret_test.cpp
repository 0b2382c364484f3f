#include <doctest/doctest.h>

#include "model/secret.hpp"

using namespace vrsh::model;

TEST_CASE("secrets round-trip and never appear in the clear") {
  for (std::string plain : {std::string("YsHsjx_202206"), std::string("a"), std::string(255, 'z'),
                            std::string("with space#%?|\"'\\"), std::string("\x01\xff binary")}) {
    std::string token = encrypt_secret(plain);
    CAPTURE(token);
    CHECK(is_cipher_token(token));
    CHECK(token.find(plain) == std::string::npos);
    std::string_view body(token);
    body = body.substr(4, body.size() - 8);
    CHECK(body.size() >= 32);
    CHECK(body.size() <= 432);
    CHECK(body.find_first_of(" #%?|\"'\\") == std::string_view::npos);
    CHECK(decrypt_secret(token) == plain);
    CHECK(decrypt_secret(body) == plain);                     // markers optional
    CHECK(decrypt_secret("#%#%" + token + "#%#%") == plain);  // doubled markers tolerated
    CHECK(encrypt_secret(plain) == token);                    // deterministic
  }
  CHECK(encrypt_secret("abc") != encrypt_secret("abd"));
  CHECK(encrypt_secret(std::string(300, 'x')) == encrypt_secret(std::string(255, 'x')));
}

TEST_CASE("malformed cipher text is rejected") {
  std::string token = encrypt_secret("YsHsjx_202206");
  std::string tampered = token;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  CHECK(!decrypt_secret(tampered));
  CHECK(!decrypt_secret("#%#%=%uP:z;!;4\\TdYHU#$z/1IR]#%#%"));  // a vendor cipher: not ours
  CHECK(!decrypt_secret(""));
  CHECK(!decrypt_secret("#%#%#%#%"));
  CHECK(!decrypt_secret(token.substr(0, token.size() - 8) + "#%#%"));  // truncated
  CHECK(!is_cipher_token("YsHsjx_202206"));
  CHECK(!is_cipher_token("#%#%#%#%"));
}
