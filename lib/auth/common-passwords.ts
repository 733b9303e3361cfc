/**
 * Frequent passwords of 8+ characters (shorter ones are refused by length anyway), drawn from public breach
 * frequency lists, including those common among Chinese-speaking users. Compared lower-cased.
 */
const list = `
password password1 password12 password123 passw0rd p@ssw0rd p@ssword pa$$word passwort
12345678 123456789 1234567890 0123456789 987654321 87654321 12341234 11223344 12121212 123123123
11111111 00000000 22222222 33333333 44444444 55555555 66666666 77777777 88888888 99999999 11111111a
123456789a 12345678a a12345678 a123456789 aa123456 aa12345678 abc12345 abcd1234 abcdefgh abc123456
1qaz2wsx 1q2w3e4r 1q2w3e4r5t 1qazxsw2 zaq12wsx qwertyui qwertyuiop qwerty12 qwerty123 qwerty1234
qwe123456 123qweasd 123qwe123 qweasdzxc asdfghjk asdfghjkl zxcvbnm1 zxcvbnm123 asdf1234 zxcv1234
iloveyou iloveyou1 iloveyou2 woaini1314 woaini520 5201314520 52013145 13145200 1314520520 woaini123
qq123456 qq1234567 147258369 159753456 741852963 123654789 147852369 789456123 456789123 963852741
sunshine football baseball princess welcome1 welcome123 admin123 admin1234 administrator letmein1
letmein123 trustno1 superman whatever starwars michael1 dragon123 monkey123 shadow123 master123
computer internet changeme changeme1 default1 secret123 access14 charlie1 jennifer jordan23 liverpool
chelsea1 arsenal1 football1 baseball1 basketball soccer12 hunter22 hello123 helloworld 1234qwer
qwer1234 q1w2e3r4 q1w2e3r4t5 a1b2c3d4 a1s2d3f4 1a2b3c4d 1234abcd 1234asdf 12qwaszx zxcasdqwe
passpass testtest test1234 test12345 user1234 guest123 root1234 root12345 toor1234 login123
iloveu123 loveyou1 lovelove mylove123 babygirl1 princess1 pokemon1 naruto123 killer12 blink182
baidu123 taobao123 alibaba123 wangyi123 tencent1 huawei123 xiaomi123 china123 zhongguo beijing1
shanghai1 dearbook 1qaz2wsx3edc qazwsxedc qazwsx123 !qaz2wsx !qaz@wsx 123456qwerty 123456abc
`.split(/\s+/);

const common = new Set(list.filter(Boolean));

export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (common.has(p)) return true;
  // One character repeated ("aaaaaaaa") or a plain digit run are as weak as any list entry.
  if (/^(.)\1+$/.test(p)) return true;
  return "01234567890123456789".includes(p) || "98765432109876543210".includes(p);
}
