// The bundled list of commonly used passwords, checked by the password
// policy. It holds passwords that lead public breach corpora and the patterns
// they are made of (keyboard walks, digit runs, "password" + year), in lower
// case; a candidate is compared case-insensitively.
#include <string_view>
#include <unordered_set>

#include "accounts/password_policy.hpp"
#include "core/utf8.hpp"

namespace member::detail {
namespace {

constexpr std::string_view kList =
    "123456\n123456789\n12345678\npassword\nqwerty123\nqwerty\n1234567\n111111\n1234567890\n"
    "123123\nabc123\npassword1\n1234\niloveyou\n1q2w3e4r\n000000\nqwertyuiop\n123321\n654321\n"
    "666666\n121212\ndragon\nmonkey\nfootball\nbaseball\nletmein\nshadow\nmaster\nsuperman\n"
    "michael\nmustang\njennifer\ntrustno1\nbatman\nsunshine\nprincess\nwelcome\nwelcome1\n"
    "login\nadmin\nadmin123\nadministrator\npassw0rd\np@ssw0rd\np@ssword\npassword123\n"
    "password12\npassword1234\npass1234\nqwer1234\n1qaz2wsx\nzaq12wsx\nqazwsx\nqazwsxedc\n"
    "1qazxsw2\nasdfghjkl\nasdfgh\nasdf1234\nzxcvbnm\nzxcvbnm123\n1q2w3e4r5t\n1q2w3e\n12qwaszx\n"
    "q1w2e3r4\nq1w2e3r4t5\na1b2c3d4\naa123456\nabcd1234\nabcdefg\nabcdefgh\nabc12345\n"
    "11111111\n00000000\n12341234\n88888888\n87654321\n98765432\n99999999\n22222222\n55555555\n"
    "66666666\n12121212\n11223344\n12344321\n123qwe\n123qweasd\n123qweasdzxc\n147258369\n"
    "159753\n159357\n741852963\n963852741\n789456123\n789456\n147258\n147852369\n123654\n"
    "123654789\n520520\n5201314\n1314520\nwoaini1314\nwoaini\n5211314\niloveyou1\niloveyou2\n"
    "loveyou\nlovely\nloveme\nstarwars\nwhatever\nfreedom\ncomputer\ninternet\nhello123\n"
    "hello\nhelloworld\ncharlie\ndonald\njordan23\nharley\nhunter2\nhunter\nkiller\nsoccer\n"
    "hockey\nranger\nbuster\nthomas\ntigger\nrobert\nmatthew\ndaniel\nandrew\njoshua\nashley\n"
    "jessica\nmichelle\nnicole\namanda\nsophie\nsummer\nsecret\nsecret123\nchangeme\n"
    "changeme123\ndefault\nguest\ntest\ntest123\ntest1234\ntesting\nuser\nuser123\nroot\ntoor\n"
    "oracle\nmysql\nqwerty1\nqwerty12\nqwerty1234\nqwertyui\n1qaz2wsx3edc\nzaq1zaq1\nzaq1xsw2\n"
    "!qaz2wsx\nbaseball1\nfootball1\nprincess1\nsunshine1\nsuperman1\nmaster123\nshadow123\n"
    "monkey123\ndragon123\nletmein1\nletmein123\nwelcome123\nwelcome2024\nwelcome2025\n"
    "welcome2026\npassword2024\npassword2025\npassword2026\nsummer2024\nsummer2025\n"
    "winter2024\nwinter2025\nspring2025\nautumn2025\ngoogle\nfacebook\nlinkedin\ntwitter\n"
    "instagram\nyoutube\napple\nsamsung\nmicrosoft\nyahoo\niphone\nandroid\nnintendo\npokemon\n"
    "naruto\nminecraft\nfortnite\nchelsea\nliverpool\narsenal\nbarcelona\nrealmadrid\n"
    "manchester\njuventus\nferrari\nmercedes\nporsche\ncorvette\nq1w2e3\na123456\na12345678\n"
    "a123456789\naa12345678\nqq123456\nabc123456\nabcd123456\nz123456\nasd123\nasd123456\n"
    "zxc123\nzxc123456\nqwe123\nqwe123456\n1a2b3c4d\n1234abcd\n12345abc\n12345qwert\n"
    "qwert12345\n1234qwer\n123456a\n123456q\n123456aa\n123456abc\n123abc\n1234567a\npassword!\n"
    "password1!\npassw0rd!\np@ssw0rd1\np@55w0rd\npa$$w0rd\npa55word\npasspass\ntrustno1!\n"
    "access\naccess14\nbatman123\nblink182\ncheese\nchocolate\ncookie\nflower\njordan\nmaggie\n"
    "merlin\npepper\npurple\nrainbow\nsilver\nyellow\norange\nbanana\npeanut\nginger\n"
    "qwerty123456\n1qazxsw23edc\n11111\n1111\n12345\n000000000\n0000000000\n1111111111\n"
    "aaaaaa\naaaaaaaa\nabcabc\nabcabc123\nasdasd\nasdasd123\nqweqwe\nqweasd\nqweasdzxc\n"
    "1234554321\n1234512345\n1029384756\n0987654321\n9876543210\n13579\n135792468\n2468013579\n"
    "letmein!\niloveu\niloveu123\nfuckyou\nfuckyou1\nasshole\nbitch\nsexy\nsexy123\n";

std::unordered_set<std::string_view> load() {
  std::unordered_set<std::string_view> words;
  std::string_view rest = kList;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    words.insert(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  return words;
}

}  // namespace

bool is_common_password(std::string_view password) {
  static const std::unordered_set<std::string_view> words = load();
  return words.contains(ascii_lower(password));
}

}  // namespace member::detail
