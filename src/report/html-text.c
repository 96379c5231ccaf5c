/*
 * src/report/html-text.c - the words of the HTML report, in English and
 * Japanese: section titles and labels, and for every finding the scan's
 * scripts can raise a plain title, what it means and what to do.
 *
 * The report is read by a hospital's 医療機器安全管理責任者 and by IT
 * staff who are not network specialists, so the Japanese is written for
 * them, not translated from the English: it says what could happen to
 * patients and to the hospital, and who to ask (the maker, the vendor,
 * the network team), in everyday words; protocol names appear only where
 * they help someone find the setting.  A finding id without an entry
 * here (a site's own script) is shown with the title and explanation
 * its script stored.  Every finding id the shipped scripts raise (the
 * .lua files under probes/ and lua/) has an entry: tests/lint/
 * t-finding-texts.sh checks that against the scripts themselves.
 *
 * The page's fixed style sheet and script live here too, so html.c
 * holds only what writes the page.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "report-int.h"

/* Labels: key, English, Japanese. */
static const char *const html_labels[][3] = {
	{ "title", "Networked device report",
	  "ネットワーク接続機器 報告書" },
	{ "intro", "What iomtscan found on the hospital network, for the "
	  "people responsible for medical devices and for IT. Every figure "
	  "below comes from the scans listed under \"Scan safety record\".",
	  "病院のネットワークに何がつながっているかを iomtscan で調べた結果です。"
	  "医療機器安全管理責任者と情報システム担当者の方がお読みください。"
	  "数字はすべて「調査の安全記録」にある調査の結果です。" },
	{ "generated", "Generated", "作成日時" },
	{ "filtered", "Only devices matching the export filters are shown.",
	  "出力条件に合う機器だけを載せています。" },
	{ "nav", "Contents", "目次" },
	{ "s.summary", "Summary", "概要" },
	{ "s.devices", "Devices", "機器一覧" },
	{ "s.findings", "Findings and what to do", "指摘事項と対応" },
	{ "s.diagram", "Network diagram", "ネットワーク構成図" },
	{ "s.safety", "Scan safety record", "調査の安全記録" },
	{ "s.checklist", "MHLW checklist", "厚生労働省チェックリスト" },
	{ "c.devices", "Devices", "機器の数" },
	{ "c.medical", "Medical devices", "医療機器" },
	{ "c.fragile", "Fragile devices", "慎重な扱いが必要な機器" },
	{ "c.unmanaged", "Not in the ledger", "台帳に載っていない機器" },
	{ "c.remote", "Remote access", "遠隔操作の入口がある機器" },
	{ "c.findings", "Findings", "指摘事項" },
	{ "h.devices", "Devices the scans found, each counted once by "
	  "address.", "調査で見つかった機器です（IPアドレスごとに1台）。" },
	{ "h.medical", "Identified as patient monitors, pumps, imaging, "
	  "ventilators, lab analysers and other medical equipment.",
	  "患者モニタ、輸液ポンプ、画像診断装置、人工呼吸器、検体検査装置など、"
	  "医療機器と判定したもの。" },
	{ "h.fragile", "Known to misbehave when scanned: the scan treated "
	  "them gently.", "調べ方によっては止まるおそれがある機器。"
	  "調査では負担の少ない方法だけを使いました。" },
	{ "h.unmanaged", "No asset number recorded (iomtscan annotate, "
	  "reconcile --apply).", "管理番号が登録されていない機器"
	  "（台帳との照合で確認してください）。" },
	{ "h.remote", "Offer a way to operate them from elsewhere (SSH, "
	  "Telnet, remote desktop, VNC, remote-support tools).",
	  "離れた場所から操作できる入口（保守用の接続など）が開いている機器。" },
	{ "sev.high", "high", "高" },
	{ "sev.medium", "medium", "中" },
	{ "sev.low", "low", "低" },
	{ "sev.info", "info", "参考" },
	{ "sev.title", "Findings by severity", "重要度別の指摘事項" },
	{ "col.ip", "IP address", "IPアドレス" },
	{ "col.mac", "MAC address", "MACアドレス" },
	{ "col.name", "Name", "名称" },
	{ "col.vendor", "Maker / model", "製造販売業者 / 型式" },
	{ "col.class", "Class", "機器分類" },
	{ "col.fw", "Firmware / OS", "ファームウェア / OS" },
	{ "col.ports", "Open ports", "開いているポート" },
	{ "col.fragile", "Fragile profile", "慎重扱いの種別" },
	{ "col.findings", "Findings", "指摘" },
	{ "col.owner", "Department / location", "管理部署 / 設置場所" },
	{ "filter", "Filter:", "絞り込み：" },
	{ "filter.hint", "text in any column", "どの列の文字でも" },
	{ "sort.hint", "Click a column heading to sort.",
	  "列の見出しを押すと並べ替えます。" },
	{ "shown", "devices shown", "台を表示" },
	{ "f.none", "No findings.", "指摘事項はありません。" },
	{ "f.what", "What it means", "どういうことか" },
	{ "f.todo", "What to do", "対応" },
	{ "f.where", "Where", "該当機器" },
	{ "f.script", "Text from the script that raised it:",
	  "検出したスクリプトの説明（英語）：" },
	{ "d.none", "No devices to draw.", "図に描く機器がありません。" },
	{ "d.legend", "Red: medical devices. Blue: clinical IT (PACS, DICOM, "
	  "HL7). Thick red border: fragile. Double border: remote access. "
	  "A scan cannot see cables: devices are grouped by /24 subnet, not "
	  "by how they are wired.",
	  "赤：医療機器。青：医療情報システム（PACS、DICOM、HL7）。"
	  "太い赤枠：慎重な扱いが必要。二重枠：遠隔操作の入口あり。"
	  "調査では配線は分からないため、サブネット（/24）ごとにまとめています。" },
	{ "d.title", "Networked devices as iomtscan saw them",
	  "iomtscan が見つけたネットワーク接続機器" },
	{ "d.failed", "The diagram could not be drawn.",
	  "構成図を作成できませんでした。" },
	{ "sf.intro", "What the scanner sent and what it held back. Every "
	  "packet is in the audit log (iomtscan audit).",
	  "調査で機器に送ったものと、送らなかったものの記録です。"
	  "送ったものはすべて記録に残っています（iomtscan audit）。" },
	{ "sf.scan", "Scan", "調査" },
	{ "sf.started", "Started", "開始" },
	{ "sf.status", "Result", "結果" },
	{ "sf.targets", "Targets", "対象" },
	{ "sf.sent", "Sent", "送ったもの" },
	{ "sf.held", "Held back", "送らなかった機器" },
	{ "sf.breaker", "Left alone after no answer", "応答がなく途中でやめた機器" },
	{ "sf.kind", "Kind", "種類" },
	{ "sf.count", "Count", "件数" },
	{ "sf.bytes", "Payload bytes", "送信データ量（バイト）" },
	{ "sf.nothing", "Nothing was sent.", "何も送っていません。" },
	{ "sf.noheld", "No address was held back.",
	  "送らなかった機器はありません。" },
	{ "sf.nobreaker", "Every device that answered kept answering to the "
	  "end of the scan: none stopped responding.",
	  "応答した機器はすべて最後まで応答を続けました。"
	  "途中で応答しなくなった機器はありません。" },
	{ "sf.breaker.what", "These devices stopped answering during the scan "
	  "and were left alone at once. Please check that they are working.",
	  "次の機器は調査中に応答しなくなったため、すぐに調査をやめました。"
	  "正常に動いているか確認してください。" },
	{ "sf.fragile", "Fragile devices and how they were treated",
	  "慎重な扱いが必要な機器への対応" },
	{ "sf.nofragile", "No device matched a fragile profile.",
	  "慎重な扱いが必要な機器はありませんでした。" },
	{ "sf.noscan", "No scan recorded.", "調査の記録がありません。" },
	{ "sf.held.held", "held (passive only)", "送信せず（観察のみ）" },
	{ "sf.held.excluded", "excluded", "対象外" },
	{ "sf.stats", "Counted by the scanner", "調査の集計" },
	{ "st.probes", "probes sent", "送信した問い合わせ" },
	{ "st.refused", "probes refused by the safety rules",
	  "安全規則で取りやめた問い合わせ" },
	{ "st.breaker", "devices left alone after no answer",
	  "応答がなく途中でやめた機器" },
	{ "st.hosts_up", "devices that answered", "応答した機器" },
	{ "st.seconds", "seconds", "所要時間（秒）" },
	{ "k.arp", "address lookups (ARP)", "アドレス確認（ARP）" },
	{ "k.tcp-connect", "connection attempts", "接続の試み" },
	{ "k.tcp-payload", "questions on an open connection",
	  "接続後の問い合わせ" },
	{ "k.udp", "single UDP questions", "UDPの問い合わせ" },
	{ "k.tcp-close", "connections closed", "接続の終了" },
	{ "footer", "Made by iomtscan from the inventory database. It shows "
	  "what the network answered; it is not a full security audit.",
	  "iomtscan が機器台帳データベースから作成しました。"
	  "ネットワークから分かった内容であり、セキュリティ監査のすべてではありません。" },
	{ "sep", ". ", "。" },
	{ "remote", "remote access", "遠隔操作" },
	{ "sf.probes", "Probes sent", "送った問い合わせ" },
	{ "state.up", "answered", "応答あり" },
	{ "state.breaker", "stopped answering: left alone",
	  "応答なし：途中でやめた" },
	{ "state.held", "held (passive only)", "送信せず（観察のみ）" },
	{ "state.excluded", "excluded", "対象外" },
	{ "scan.complete", "complete", "完了" },
	{ "scan.interrupted", "interrupted", "中断" },
	{ "scan.paused", "paused at the end of its window",
	  "時間帯の終わりで一時停止" },
	{ "scan.failed", "failed", "失敗" },
	{ "scan.running", "running or killed", "実行中または強制終了" },
	{ "scan.aborted", "aborted", "異常終了" },
	{ "cls.patient-monitor", "patient monitor", "患者モニタ" },
	{ "cls.infusion-pump", "infusion pump", "輸液ポンプ" },
	{ "cls.imaging-modality", "imaging modality", "画像診断装置" },
	{ "cls.ultrasound", "ultrasound", "超音波診断装置" },
	{ "cls.pacs", "PACS", "PACS（画像保管）" },
	{ "cls.dicom-node", "DICOM node", "DICOM 機器" },
	{ "cls.hl7-interface", "HL7 interface", "HL7 連携" },
	{ "cls.ventilator", "ventilator", "人工呼吸器" },
	{ "cls.anesthesia-machine", "anaesthesia machine", "麻酔器" },
	{ "cls.lab-analyzer", "lab analyser", "検体検査装置" },
	{ "cls.serial-bridge", "serial bridge", "シリアル変換器" },
	{ "cls.printer", "printer", "プリンタ" },
	{ "cls.workstation", "workstation", "端末PC" },
	{ "cls.server", "server", "サーバ" },
	{ "cls.network-device", "network device", "ネットワーク機器" },
	{ "cls.iot-gateway", "IoT gateway", "IoT ゲートウェイ" },
	{ "cls.mqtt-broker", "MQTT broker", "MQTT 中継" },
	{ "cls.medical-device", "medical device", "医療機器" },
	{ "cls.unknown", "unknown", "不明" },
	{ "none", "none", "なし" },
	{ "unknown", "unknown", "不明" },
};

const char *
report_html_label(const char *key, int ja)
{
	for (size_t i = 0; i < sizeof(html_labels) / sizeof(html_labels[0]);
	    i++)
		if (strcmp(html_labels[i][0], key) == 0)
			return html_labels[i][ja ? 2 : 1];
	return key;
}

/* A finding: id, then title, meaning and advice in English and Japanese. */
static const struct {
	const char			*id;
	struct report_html_finding	 t[2];
} html_findings[] = {
	{ "remote-access-ssh", {
	  { "Remote command line (SSH)",
	    "Someone elsewhere can log in and type commands on this device. "
	    "The connection is encrypted, so this is acceptable for vendor "
	    "maintenance if it is known and controlled.",
	    "Record it as a remote-maintenance path (MHLW checklist 2-2). "
	    "Ask the vendor who logs in, from where, and whether accounts are "
	    "personal with strong passwords; limit access to the maintenance "
	    "network." },
	  { "遠隔からの操作の入口（SSH）",
	    "離れた場所からこの機器にログインして操作できる入口です。"
	    "通信は暗号化されているため、業者の保守用として把握・管理されていれば"
	    "大きな問題ではありません。",
	    "リモート保守の経路として台帳に記録してください（チェックリスト 2-②）。"
	    "だれが、どこから接続するのか、アカウントは個人ごとで強いパスワードかを"
	    "業者に確認し、接続できる範囲を保守用のネットワークに限ってください。" } } },
	{ "remote-access-telnet", {
	  { "Remote command line without encryption (Telnet)",
	    "Someone elsewhere can log in and operate this device, and the "
	    "password and everything typed cross the network as readable "
	    "text: anyone on the same network can pick them up.",
	    "Ask the maker to turn Telnet off or to replace it with SSH. "
	    "Until then, limit which computers can reach the device and "
	    "change its password." },
	  { "暗号化されていない遠隔操作の入口（Telnet）",
	    "離れた場所からこの機器にログインして操作できます。しかもパスワードや"
	    "操作内容がそのまま読める形で流れるため、同じネットワークにいる人なら"
	    "盗み見ることができます。",
	    "製造販売業者に、この機能を止めるか安全な方式（SSH）に替えられるか"
	    "問い合わせてください。それまでは接続できる端末を限り、"
	    "パスワードを変更してください。" } } },
	{ "remote-access-ftp", {
	  { "File transfer without encryption (FTP)",
	    "Files can be sent to or taken from this device, and the password "
	    "and the files cross the network readable. On medical devices FTP "
	    "is often used for service or software updates.",
	    "Ask the maker whether FTP can be turned off, or only be on "
	    "during maintenance; limit which computers can reach it." },
	  { "暗号化されていないファイル転送（FTP）",
	    "この機器とファイルをやり取りできる入口で、パスワードもファイルも"
	    "読める形で流れます。医療機器では保守やソフト更新に使われていることが"
	    "よくあります。",
	    "使わないときは止められるか、保守のときだけ有効にできるかを"
	    "製造販売業者に確認してください。接続できる端末も限ってください。" } } },
	{ "remote-access-vnc", {
	  { "Remote screen control (VNC)",
	    "Someone elsewhere can see this device's screen and use its mouse "
	    "and keyboard. Whoever learns the password can operate the "
	    "device; VNC usually does not encrypt what it sends.",
	    "Confirm with the vendor that it is their maintenance path and "
	    "record it (checklist 2-2). Use a strong password and allow only "
	    "the maintenance connection to reach it." },
	  { "画面の遠隔操作（VNC）",
	    "離れた場所からこの機器の画面を見て、マウスやキーボードで操作できる"
	    "入口です。パスワードを知られると機器を操作されてしまいます。"
	    "通信は通常暗号化されていません。",
	    "業者の保守用の入口か確認して記録してください（チェックリスト 2-②）。"
	    "強いパスワードを設定し、保守用の接続以外からは使えないようにしてください。" } } },
	{ "remote-access-rdp", {
	  { "Windows remote desktop (RDP)",
	    "Someone elsewhere can log in to this Windows computer and use it "
	    "as if sitting in front of it. Open remote desktop is one of the "
	    "most common ways ransomware gets into hospitals.",
	    "Confirm who uses it and record it (checklist 2-2). Keep Windows "
	    "updated, require Network Level Authentication, and allow only "
	    "the computers that need it to connect." },
	  { "Windows のリモートデスクトップ（RDP）",
	    "離れた場所からこの Windows 機器にログインし、目の前にいるのと同じように"
	    "操作できます。病院がランサムウェアに感染する入口として、"
	    "最もよく使われるものの一つです。",
	    "だれが使っているか確認して記録してください（チェックリスト 2-②）。"
	    "Windows の更新を続け、接続前の認証（NLA）を有効にし、"
	    "必要な端末からだけ接続できるようにしてください。" } } },
	{ "remote-access-teamviewer", {
	  { "Remote-support tool (TeamViewer)",
	    "A remote-support program waits for connections. It can reach "
	    "the device from the Internet past the hospital's usual network "
	    "controls.",
	    "Find out who installed it and whether the hospital approved it. "
	    "If unattended access is on, make sure it has a strong password "
	    "and two-factor login, or remove it." },
	  { "遠隔サポートソフト（TeamViewer）",
	    "遠隔サポート用のソフトが接続を待っています。"
	    "病院のネットワークの通常の守りを通らずに、インターネットから"
	    "機器につながることがあります。",
	    "だれが入れたものか、病院として認めたものかを確認してください。"
	    "無人でも接続できる設定なら、強いパスワードと二段階認証を設定するか、"
	    "削除してください。" } } },
	{ "remote-access-anydesk", {
	  { "Remote-support tool (AnyDesk)",
	    "A remote-support program accepts direct connections. It can "
	    "reach the device past the hospital's usual network controls.",
	    "Find out who installed it and whether the hospital approved it. "
	    "If unattended access is on, protect it with a strong password, "
	    "or remove it." },
	  { "遠隔サポートソフト（AnyDesk）",
	    "遠隔サポート用のソフトが直接の接続を受け付けています。"
	    "病院のネットワークの通常の守りを通らずに機器につながることがあります。",
	    "だれが入れたものか、病院として認めたものかを確認してください。"
	    "無人でも接続できる設定なら強いパスワードで守るか、削除してください。" } } },
	{ "cleartext-management", {
	  { "Management without encryption",
	    "The device is managed over Telnet or FTP: user names, passwords "
	    "and settings cross the network unencrypted, where anyone on the "
	    "same network can read or change them.",
	    "Ask the maker for an encrypted alternative (SSH, SFTP, HTTPS) "
	    "and turn the cleartext service off; until then keep the device "
	    "on a separate network segment." },
	  { "暗号化されていない管理用の通信",
	    "機器の管理に、暗号化されない方式（Telnet や FTP）が使われています。"
	    "ユーザー名・パスワード・設定内容を、同じネットワークにいる人が"
	    "盗み見たり書き換えたりできます。",
	    "暗号化された方式に替えられるか製造販売業者に確認し、"
	    "古い方式は止めてください。それまでは、ほかの機器と分けた"
	    "ネットワークに置いてください。" } } },
	{ "snmp-default-community", {
	  { "Management agent answers the factory password (SNMP)",
	    "The device's management function answers the password it was "
	    "shipped with (\"public\" or \"private\"). Anyone on the network "
	    "can read its settings, and with \"private\" may change them.",
	    "Ask the maker or network team to set a hospital-specific "
	    "password (community) or SNMPv3, or turn SNMP off if nothing "
	    "uses it (checklist item 8: factory passwords)." },
	  { "管理機能が出荷時のパスワードのまま（SNMP）",
	    "機器の管理機能が、出荷時のパスワード（public や private）で"
	    "応答しています。ネットワーク上のだれでも設定を読むことができ、"
	    "private の場合は書き換えられるおそれもあります。",
	    "病院独自のパスワードに変えるか、使っていなければ機能を止めるよう、"
	    "製造販売業者またはネットワーク担当に依頼してください"
	    "（チェックリスト⑧ 出荷時のパスワード）。" } } },
	{ "dicom-any-ae", {
	  { "Image service accepts anyone (DICOM)",
	    "This image service (DICOM) accepted a connection addressed to a "
	    "made-up name. The name (AE title) is DICOM's only built-in "
	    "check, so any computer on the network can send images to it or "
	    "look up patients' studies.",
	    "Ask the maker or PACS administrator to accept only the AE titles "
	    "(and addresses) of the systems that should connect." },
	  { "画像の送受信にだれでも接続できる（DICOM）",
	    "この画像通信の機能（DICOM）は、でたらめな宛先名でも接続を受け付けました。"
	    "DICOM では宛先名（AE タイトル）が唯一の確認手段なので、"
	    "ネットワーク上のどの端末からでも画像を送ったり、"
	    "患者の検査を検索したりできてしまいます。",
	    "接続してよい装置の AE タイトル（と IP アドレス）だけを受け付ける設定に"
	    "するよう、製造販売業者または PACS の管理者に依頼してください。" } } },
	{ "cleartext-http-login", {
	  { "Web login without encryption",
	    "This device's web page asks for a user name and password over "
	    "plain HTTP. The password crosses the network readable by anyone "
	    "on it.",
	    "Ask the maker to turn on HTTPS and turn off plain HTTP. Do not "
	    "reuse this password anywhere else." },
	  { "暗号化されていないログイン画面",
	    "この機器の Web 画面は、暗号化されない通信（HTTP）でユーザー名と"
	    "パスワードを入力させます。パスワードが読める形でネットワークを流れます。",
	    "暗号化された通信（HTTPS）に切り替えられるか製造販売業者に確認してください。"
	    "このパスワードをほかの機器やシステムで使い回さないでください。" } } },
	{ "mqtt-anonymous", {
	  { "Message broker accepts anyone (MQTT)",
	    "Any device on the network can connect to this message hub "
	    "without a password and read or send messages, such as device "
	    "readings or commands.",
	    "Ask the system's vendor to require user names and passwords "
	    "(and encryption) for every client." },
	  { "データ中継にだれでも接続できる（MQTT）",
	    "このデータ中継の仕組みには、ネットワーク上のどの機器からでも"
	    "パスワードなしで接続でき、測定値や指示などのデータを読んだり"
	    "送ったりできます。",
	    "すべての接続にユーザー名とパスワード（と暗号化）を求める設定にするよう、"
	    "システムの業者に依頼してください。" } } },
	{ "smb1-enabled", {
	  { "Old file-sharing protocol switched on (SMBv1)",
	    "The 1980s file-sharing protocol SMBv1 is on. The WannaCry "
	    "ransomware spread through it in 2017 and stopped Windows-based "
	    "medical devices in hospitals.",
	    "Ask the maker whether SMBv1 can be turned off and whether the "
	    "device has the security updates. Until then keep it on a "
	    "separate network segment." },
	  { "古いファイル共有の方式が有効（SMBv1）",
	    "1980年代のファイル共有の方式（SMBv1）が有効です。2017年には"
	    "ランサムウェア WannaCry がこの方式を通じて広がり、"
	    "病院の Windows を使った医療機器が止まりました。",
	    "SMBv1 を止められるか、セキュリティ更新が適用されているかを"
	    "製造販売業者に確認してください。それまではほかの機器と分けた"
	    "ネットワークに置いてください。" } } },
	{ "legacy-windows", {
	  { "Windows past the end of support",
	    "This device runs a Windows version Microsoft no longer fixes. "
	    "New weaknesses stay open for good, and common ransomware "
	    "targets these versions.",
	    "Ask the maker about an upgrade or a supported replacement and "
	    "note the end-of-support date in the ledger. Until then keep the "
	    "device on a separate network segment and limit what can reach "
	    "it." },
	  { "サポートが終了した Windows",
	    "マイクロソフトが修正を提供していない古い Windows で動いています。"
	    "新しく見つかる弱点はふさがれないまま残り、"
	    "よくあるランサムウェアにも狙われます。",
	    "更新や後継機種について製造販売業者に相談し、サポート終了の状態を"
	    "台帳に記録してください。それまではほかの機器と分けたネットワークに置き、"
	    "接続できる相手を限ってください。" } } },
	{ "serial-bridge-exposed", {
	  { "Network-to-serial adapter in front of a device",
	    "This small box turns network traffic into a serial cable. "
	    "Whatever is plugged into it (often an older pump, monitor or "
	    "anaesthesia machine) receives what is sent to it, usually "
	    "without any login.",
	    "Find out which device is connected behind it and record both. "
	    "Set a password on the adapter and allow only the system that "
	    "needs the device to connect." },
	  { "機器の前に置かれたシリアル変換器",
	    "ネットワークの通信を、機器の通信ケーブル（シリアル）に変える小さな装置です。"
	    "その先につながった機器（古い輸液ポンプ、モニタ、麻酔器など）に、"
	    "多くの場合ログインなしで通信が届きます。",
	    "この装置の先にどの機器がつながっているか調べ、両方を台帳に記録してください。"
	    "変換器にパスワードを設定し、必要なシステムからだけ接続できるようにしてください。" } } },
	{ "urgent11-family", {
	  { "Network software with known serious flaws (VxWorks, URGENT/11)",
	    "The device names Wind River VxWorks. Older versions have flaws "
	    "(URGENT/11) that let a crafted message crash the device or take "
	    "it over; the FDA warned about affected pumps and anaesthesia "
	    "machines.",
	    "Ask the maker whether this model is affected and which fix "
	    "applies. Until then keep it on a separate network segment." },
	  { "重大な弱点が知られている通信ソフト（VxWorks / URGENT/11）",
	    "この機器は VxWorks という組込みソフトを使っています。古い版には、"
	    "細工した通信で機器を止めたり乗っ取ったりできる弱点（URGENT/11）があり、"
	    "輸液ポンプや麻酔器について米国 FDA が注意を呼びかけました。",
	    "この機種が該当するか、どの修正が必要かを製造販売業者に確認してください。"
	    "それまではほかの機器と分けたネットワークに置いてください。" } } },
	{ "ripple20-family", {
	  { "Network software with known serious flaws (Treck, Ripple20)",
	    "The device uses the Treck network software. Its Ripple20 flaws "
	    "let crafted packets crash the device or take it over.",
	    "Ask the maker for its Ripple20 statement and the firmware that "
	    "fixes it. Until then keep it on a separate network segment." },
	  { "重大な弱点が知られている通信ソフト（Treck / Ripple20）",
	    "この機器は Treck という組込みの通信ソフトを使っています。"
	    "Ripple20 と呼ばれる弱点により、細工した通信で機器を止めたり"
	    "乗っ取ったりできるおそれがあります。",
	    "Ripple20 への対応状況と修正版ファームウェアを製造販売業者に確認してください。"
	    "それまではほかの機器と分けたネットワークに置いてください。" } } },
	{ "nucleus-family", {
	  { "Network software with known serious flaws (Nucleus)",
	    "The device names the Nucleus real-time system, whose network "
	    "part had serious flaws (NUCLEUS:13, NAME:WRECK) that can crash "
	    "the device or let it be taken over.",
	    "Ask the maker which Nucleus version the device uses and whether "
	    "a fix is available. Until then keep it on a separate segment." },
	  { "重大な弱点が知られている通信ソフト（Nucleus）",
	    "この機器は Nucleus という組込みソフトを使っています。その通信部分には、"
	    "機器を止めたり乗っ取ったりできる重大な弱点"
	    "（NUCLEUS:13、NAME:WRECK）が見つかっています。",
	    "使っている版と修正の有無を製造販売業者に確認してください。"
	    "それまではほかの機器と分けたネットワークに置いてください。" } } },
	{ "rompager-misfortune-cookie", {
	  { "Web server with a known takeover flaw (RomPager)",
	    "The device's web server is an old RomPager version with the "
	    "\"Misfortune Cookie\" flaw: a crafted request can take the "
	    "device over. It has been found in a hospital device gateway.",
	    "Ask the maker whether a fixed firmware exists (a fix may not "
	    "change the version shown). Keep the web interface off networks "
	    "that do not need it." },
	  { "乗っ取りの弱点が知られている Web サーバ（RomPager）",
	    "この機器の Web 機能は古い RomPager で、細工した通信で機器を乗っ取れる"
	    "弱点（Misfortune Cookie）があります。病院の機器用ゲートウェイでも"
	    "見つかっています。",
	    "修正版ファームウェアがあるか製造販売業者に確認してください"
	    "（修正後も表示される版が変わらないことがあります）。"
	    "Web 画面は必要なネットワークからだけ使えるようにしてください。" } } },
	{ "embedded-web-server", {
	  { "Small built-in web server (GoAhead)",
	    "The device's web interface runs on the GoAhead embedded server, "
	    "several versions of which have had published flaws.",
	    "Keep the firmware up to date and make the web interface "
	    "reachable only from the networks that need it." },
	  { "組込み型の Web サーバ（GoAhead）",
	    "この機器の Web 画面は GoAhead という組込み用の Web サーバで動いています。"
	    "この製品は版によって弱点が公表されています。",
	    "ファームウェアを最新に保ち、Web 画面は必要なネットワークからだけ"
	    "使えるようにしてください。" } } },
};

const struct report_html_finding *
report_html_finding_text(const char *id, int ja)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(html_findings) /
	    sizeof(html_findings[0]); i++)
		if (strcmp(html_findings[i].id, id) == 0)
			return &html_findings[i].t[ja ? 1 : 0];
	return NULL;
}

/*
 * The one script of the page.  Its SHA-256 (base64) is
 * REPORT_HTML_SCRIPT_HASH (report-int.h),
 * which the Content-Security-Policy allows; a change to the script needs
 * a new hash (tests/cli/t-html.sh recomputes it and says which).  It
 * reads the table from the DOM; it is never given device text.  A view
 * can be linked: #sort=COLUMN[:desc]&filter=TEXT.  When it has run, it
 * sets data-iomt-ready="1" on <body> (the browser test looks for it).
 */
const char report_html_script[] =
"(function () {\n"
"\"use strict\";\n"
"var body = document.body, t = document.getElementById(\"devices-table\");\n"
"var box = document.getElementById(\"devices-filter\");\n"
"var cnt = document.getElementById(\"devices-count\");\n"
"if (!t || !box || !cnt) {\n"
"\tbody.setAttribute(\"data-iomt-ready\", \"none\");\n"
"\treturn;\n"
"}\n"
"var tb = t.tBodies[0], rows = Array.prototype.slice.call(tb.rows);\n"
"var ths = t.tHead.rows[0].cells, cur = -1, dir = 1, i, j;\n"
"function key(r, c) {\n"
"\tvar k = r.cells[c].getAttribute(\"data-sort\");\n"
"\treturn k !== null ? k : r.cells[c].textContent.toLowerCase();\n"
"}\n"
"function sortBy(c, d) {\n"
"\tvar num = ths[c].getAttribute(\"data-type\") === \"num\";\n"
"\trows.sort(function (a, b) {\n"
"\t\tvar x = key(a, c), y = key(b, c);\n"
"\t\tif (num) { x = parseFloat(x) || 0; y = parseFloat(y) || 0; }\n"
"\t\treturn x < y ? -d : x > y ? d : 0;\n"
"\t});\n"
"\tfor (j = 0; j < rows.length; j++) tb.appendChild(rows[j]);\n"
"\tfor (j = 0; j < ths.length; j++)\n"
"\t\tths[j].setAttribute(\"aria-sort\", j !== c ? \"none\" :\n"
"\t\t    d > 0 ? \"ascending\" : \"descending\");\n"
"\tcur = c; dir = d;\n"
"\tvar col = ths[c].getAttribute(\"data-col\");\n"
"\tbody.setAttribute(\"data-iomt-sorted\",\n"
"\t    col + (d > 0 ? \":asc\" : \":desc\"));\n"
"}\n"
"function filter() {\n"
"\tvar q = box.value.toLowerCase(), n = 0;\n"
"\tfor (j = 0; j < rows.length; j++) {\n"
"\t\tvar txt = rows[j].textContent.toLowerCase();\n"
"\t\tvar show = q === \"\" || txt.indexOf(q) >= 0;\n"
"\t\trows[j].hidden = !show;\n"
"\t\tif (show) n++;\n"
"\t}\n"
"\tcnt.textContent = String(n);\n"
"}\n"
"function column(name) {\n"
"\tfor (j = 0; j < ths.length; j++)\n"
"\t\tif (ths[j].getAttribute(\"data-col\") === name) return j;\n"
"\treturn -1;\n"
"}\n"
"for (i = 0; i < ths.length; i++) (function (c) {\n"
"\tvar b = ths[c].querySelector(\"button\");\n"
"\tif (b) b.addEventListener(\"click\", function () {\n"
"\t\tsortBy(c, cur === c ? -dir : 1);\n"
"\t});\n"
"})(i);\n"
"box.addEventListener(\"input\", filter);\n"
"var parts = location.hash.replace(/^#/, \"\").split(\"&\");\n"
"for (i = 0; i < parts.length; i++) {\n"
"\tvar kv = parts[i].split(\"=\"), v = kv.slice(1).join(\"=\");\n"
"\ttry { v = decodeURIComponent(v); } catch (e) { v = \"\"; }\n"
"\tif (kv[0] === \"sort\") {\n"
"\t\tvar p = v.split(\":\"), c = column(p[0]);\n"
"\t\tif (c >= 0) sortBy(c, p[1] === \"desc\" ? -1 : 1);\n"
"\t} else if (kv[0] === \"filter\") {\n"
"\t\tbox.value = v;\n"
"\t}\n"
"}\n"
"filter();\n"
"document.getElementById(\"devices-tools\").hidden = false;\n"
"body.setAttribute(\"data-iomt-ready\", \"1\");\n"
"})();\n";

const char report_html_style[] =
"body{font-family:sans-serif;margin:0 auto;max-width:1400px;padding:0 1em;"
"color:#1a1a1a;line-height:1.5}\n"
"h1{font-size:1.6em;border-bottom:3px solid #244a7a;padding-bottom:.2em}\n"
"h2{font-size:1.3em;margin-top:2em;border-left:6px solid #244a7a;"
"padding-left:.4em}\n"
"nav ol{columns:3;padding-left:1.4em}\n"
".cards{display:flex;flex-wrap:wrap;gap:.8em}\n"
".card{border:1px solid #bbb;border-radius:6px;padding:.6em 1em;"
"min-width:11em;flex:1;background:#f7f9fc}\n"
".card .n{font-size:2em;font-weight:bold}\n"
".card.warn{background:#fff4e5;border-color:#e0a040}\n"
".card small{display:block;color:#555}\n"
"table{border-collapse:collapse;width:100%;font-size:.9em}\n"
"th,td{border:1px solid #ccc;padding:.25em .4em;vertical-align:top;"
"text-align:left}\n"
"thead th{background:#e4ebf5;position:sticky;top:0}\n"
"th button{font:inherit;font-weight:bold;border:0;background:none;"
"cursor:pointer;padding:0;text-align:left}\n"
"th[aria-sort=ascending] button::after{content:\" \\25b2\"}\n"
"th[aria-sort=descending] button::after{content:\" \\25bc\"}\n"
"tr.medical td:first-child{border-left:6px solid #d04040}\n"
".sev{display:inline-block;padding:0 .4em;border-radius:3px;"
"font-size:.85em;color:#fff;background:#777}\n"
".sev.high{background:#b00020}.sev.medium{background:#d07000}"
".sev.low{background:#3070b0}\n"
".finding{border:1px solid #ccc;border-radius:6px;padding:.4em 1em;"
"margin:.8em 0}\n"
".finding h3{margin:.3em 0;font-size:1.05em}\n"
".diagram{overflow:auto;border:1px solid #ccc}\n"
".diagram svg{max-width:100%;height:auto}\n"
".note{color:#555}\n"
".ok{color:#1b6e20;font-weight:bold}.bad{color:#b00020;font-weight:bold}\n"
"code{font-size:.95em}\n"
"@media print{nav,#devices-tools{display:none}thead th{position:static}"
"h2{break-after:avoid}}\n";
