/*
 * src/report/checklist-texts.c - the fixed words of the checklist: for
 * each item where it comes from, the item as people read it and what to
 * do for each status, in Japanese and English.
 *
 * Kept apart from the logic (checklist.c) so the texts can be reviewed,
 * and corrected by someone who reads the MHLW documents, without reading
 * code.  The Japanese is written for 医療機器安全管理責任者 and IT staff, not
 * translated word for word: it says what to do and whom to ask.
 */
#include "config.h"

#include "report-int.h"

const struct checklist_def checklist_defs[CHECKLIST_NITEMS] = {
	[CHECKLIST_I_INVENTORY] = {
		"inventory", "2-①",
		"MHLW checklist 2-① (the ledger starts from knowing what is "
		"connected)",
		"チェックリスト 2-①（台帳管理の前提："
		"接続されている機器の把握）",
		"The devices connected to the network (servers, PCs, network "
		"equipment and medical devices) are known.",
		"ネットワークに接続されている機器（サーバ、端末PC、"
		"ネットワーク機器、医療機器）を把握している。",
		{ "Keep the inventory current: scan again after every change "
		  "to the network and at least every three months, and keep "
		  "the inventory file with the checklist.",
		  "Scan the networks where devices are connected (IT staff: "
		  "'iomtscan plan' shows what a scan would send, 'iomtscan "
		  "scan' runs it). Without a scan nobody can say what is "
		  "connected.",
		  "Complete the picture: run again the scan that did not "
		  "finish or is old, and have the owner of each device listed "
		  "check it: the scan stopped talking to it when it stopped "
		  "answering.",
		  "Scan the networks where devices are connected." },
		{ "ネットワークを変更したとき、また少なくとも3か月に1回はスキャ"
		  "ンをやり直し、結果（インベントリのファイル）"
		  "をチェックリストと一緒に保管してください。",
		  "機器がつながっているネットワークをスキャンしてください（IT担"
		  "当者：「iomtscan plan」で送信内容を確認してから「iomtscan "
		  "scan」を実行）。スキャンしないと、"
		  "何がつながっているかを誰も説明できません。",
		  "全体像を完成させてください。途中で終わったスキャンや古いスキ"
		  "ャンはやり直し、ここに挙げた機器は担当者が状態を確認してくだ"
		  "さい（応答しなくなったため、スキャンが通信を止めた機器で"
		  "す）。",
		  "機器がつながっているネットワークをスキャンしてください。" },
	},
	[CHECKLIST_I_LEDGER] = {
		"ledger", "2-①",
		"MHLW checklist 2-①", "チェックリスト 2-①",
		"A ledger of servers, PCs and network equipment is kept, and "
		"it matches what is on the network.",
		"サーバ、端末PC、ネットワーク機器の台帳管理を行っている"
		"（台帳とネットワーク上の機器が一致している）。",
		{ "Compare again after every scan ('iomtscan reconcile "
		  "--ledger FILE') so devices connected later are caught.",
		  "Compare the ledger with the inventory ('iomtscan reconcile "
		  "--ledger FILE') and bring its IDs in with --apply. Add the "
		  "devices that are in no ledger, with their owner and "
		  "location.",
		  "Add the devices listed to the ledger (owner, location, ID), "
		  "find out what happened to the ledger rows not found on the "
		  "network (removed? switched off?), then compare again.",
		  "Scan first; then compare the ledger with the inventory "
		  "('iomtscan reconcile --ledger FILE')." },
		{ "スキャンのたびに台帳と突き合わせて（「iomtscan reconcile "
		  "--ledger 台帳ファイル」）、"
		  "後からつながった機器を見逃さないようにしてください。",
		  "台帳とインベントリを突き合わせ（「iomtscan reconcile "
		  "--ledger 台帳ファイル」）、--apply "
		  "で管理番号を取り込んでください。台帳にない機器は、"
		  "管理部署と設置場所を確認して台帳に追加してください。",
		  "ここに挙げた機器を台帳に追加し（管理部署・設置場所・管理番"
		  "号）、ネットワーク上で見つからなかった台帳の行（撤去済み？電"
		  "源オフ？）を確認してから、もう一度突き合わせてください。",
		  "まずスキャンし、そのあと台帳と突き合わせてください"
		  "（「iomtscan reconcile --ledger 台帳ファイル」）。" },
	},
	[CHECKLIST_I_DIAGRAM] = {
		"diagram", NULL,
		"MHLW guide for medical devices in hospitals (2023) §4.1②",
		"医療機関における医療機器のサイバーセキュリティ確保のための手引"
		"書（2023）4.1②",
		"Medical devices are on the network diagram.",
		"医療機器がネットワーク構成図に記載されている。",
		{ "Put these devices on the hospital's network diagram with "
		  "their room and switch port ('iomtscan export --format svg' "
		  "draws one to start from) and update it when devices move.",
		  "Find the maker and model of the devices listed (ask the "
		  "department that uses them, or read the label), then put "
		  "every medical device on the diagram; 'iomtscan export "
		  "--format svg' draws one to start from.",
		  "Find the maker and model of the devices listed (ask the "
		  "department that uses them, or read the label), then put "
		  "every medical device on the diagram; 'iomtscan export "
		  "--format svg' draws one to start from.",
		  "No medical device was identified on the scanned networks. "
		  "If medical devices are connected, make sure the scan "
		  "covered their network, then check the diagram again." },
		{ "これらの機器を、設置場所と接続ポートとともに病院のネットワー"
		  "ク構成図に記載してください（「iomtscan export --format svg」"
		  "で下書きを作れます）。機器を移動したら図も更新してくださ"
		  "い。",
		  "挙げた機器のメーカーと型番を確認し（使用している部署に聞く"
		  "か、機器のラベルを見てください）、"
		  "すべての医療機器を構成図に記載してください。「iomtscan "
		  "export --format svg」で下書きを作れます。",
		  "挙げた機器のメーカーと型番を確認し（使用している部署に聞く"
		  "か、機器のラベルを見てください）、"
		  "すべての医療機器を構成図に記載してください。「iomtscan "
		  "export --format svg」で下書きを作れます。",
		  "スキャンしたネットワークでは医療機器を特定できませんでした。"
		  "医療機器がつながっている場合は、"
		  "そのネットワークもスキャンしたかを確認してから、"
		  "構成図を見直してください。" },
	},
	[CHECKLIST_I_REMOTE] = {
		"remote-maintenance", "2-②",
		"MHLW checklist 2-②", "チェックリスト 2-②",
		"Which devices use remote maintenance has been confirmed with "
		"the vendors.",
		"リモートメンテナンス（保守）を利用している機器の有無を事業者に"
		"確認した。",
		{ "Keep the vendors' answers current: confirm again when a "
		  "contract is renewed and whenever a remote line is added.",
		  "Ask the vendor of each device listed whether it uses remote "
		  "maintenance, how (VPN, RDP, VNC, a cloud service) and who "
		  "can connect. Record the answer in the ledger ('iomtscan "
		  "annotate ADDRESS --note ...') and switch off remote access "
		  "nobody uses.",
		  "Ask the vendor of each device listed whether it uses remote "
		  "maintenance, how (VPN, RDP, VNC, a cloud service) and who "
		  "can connect. Record the answer in the ledger ('iomtscan "
		  "annotate ADDRESS --note ...') and switch off remote access "
		  "nobody uses.",
		  "No device offers a remote-access service to the network. "
		  "Remote maintenance over lines opened outward (a VPN, a "
		  "vendor's cloud) cannot be seen by a scan: ask the vendors "
		  "all the same." },
		{ "事業者からの回答を最新に保ってください。契約更新のときや、"
		  "リモート回線を追加したときに改めて確認してください。",
		  "挙げた機器ごとに、事業者へリモートメンテナンスを使っている"
		  "か、方法（VPN、RDP、VNC、クラウドなど）"
		  "と接続できる人を確認し、回答を台帳に記録してください（「"
		  "iomtscan annotate アドレス --note ...」）。"
		  "使っていないリモート接続は止めてください。",
		  "挙げた機器ごとに、事業者へリモートメンテナンスを使っている"
		  "か、方法（VPN、RDP、VNC、クラウドなど）"
		  "と接続できる人を確認し、回答を台帳に記録してください（「"
		  "iomtscan annotate アドレス --note ...」）。"
		  "使っていないリモート接続は止めてください。",
		  "ネットワークからリモート接続を受け付けている機器は見つかりま"
		  "せんでした。ただし、機器や事業者が外向きに張る回線（VPN、"
		  "クラウドなど）はスキャンでは見えません。"
		  "事業者には必ず確認してください。" },
	},
	[CHECKLIST_I_LEGACY] = {
		"legacy-os", NULL,
		"MHLW guide for medical devices in hospitals (2023) §4.2 "
		"(legacy state, end of support)",
		"医療機関における医療機器のサイバーセキュリティ確保のための手引"
		"書（2023）4.2（レガシー状態・サポート終了）",
		"Devices running an operating system out of support (Windows "
		"XP/7, Windows Server 2003/2008, old Linux) are known and "
		"protected.",
		"サポートが終了したOS（Windows XP/7、Windows Server 2003/2008、"
		"古いLinuxなど）で動いている機器を把握し、対策している。",
		{ "Check the support end dates with the makers once a year; "
		  "systems run out of support while devices stay in use.",
		  "For each device listed, ask the maker whether a supported "
		  "version exists and when support ends. Until it is updated "
		  "or replaced, keep it on a network segment only its own "
		  "systems can reach, and turn off what it does not need "
		  "(SMBv1, file sharing).",
		  "The network does not show which operating system the "
		  "devices listed run: ask the makers (MDS2 question CSUP-2, "
		  "or the device's documents) and record it.",
		  "The scan could not tell any device's operating system: ask "
		  "the makers which system each device runs and when its "
		  "support ends." },
		{ "OSのサポート終了時期を年に1回メーカーに確認してください。"
		  "機器を使い続けるうちにOSのサポートが終わります。",
		  "挙げた機器ごとに、サポート中のバージョンがあるか、"
		  "サポート終了はいつかをメーカーに確認してください。"
		  "更新・交換までは、必要な機器としか通信できないネットワークに"
		  "分け、不要な機能（SMBv1、ファイル共有など）"
		  "を止めてください。",
		  "挙げた機器のOSはネットワークからは分かりませんでした。"
		  "メーカーに確認し（MDS2 の CSUP-2 や機器の資料）、"
		  "台帳に記録してください。",
		  "どの機器のOSもスキャンでは分かりませんでした。機器ごとのOSと"
		  "サポート終了時期をメーカーに確認してください。" },
	},
	[CHECKLIST_I_CLEARTEXT] = {
		"cleartext-management", "⑫",
		"MHLW checklist ⑫ (unneeded services stopped)",
		"チェックリスト ⑫（不要なサービスの停止）",
		"Devices are not managed over unencrypted protocols (Telnet, "
		"FTP, plain HTTP, SNMP v1/v2c with the community 'public').",
		"機器の管理に暗号化されない通信（Telnet、FTP、HTTP、"
		"コミュニティ名 public の SNMP v1/v2c）を使っていない。",
		{ "Nothing of the kind answered. Check again after firmware "
		  "updates, which sometimes switch old services back on.",
		  "Turn off Telnet and FTP or replace them with SSH/SFTP, "
		  "switch web interfaces to HTTPS and set an SNMP community "
		  "that is not 'public' (better: SNMPv3). Where the maker does "
		  "not allow a change, ask for their alternative and limit who "
		  "can reach the device.",
		  "These web interfaces use plain HTTP. If they show or accept "
		  "anything that matters (settings, patient data, a login), "
		  "ask the maker to enable HTTPS.",
		  "Scan first: the services a device offers show whether it "
		  "is managed in clear text." },
		{ "該当する通信は見つかりませんでした。ファームウェア更新で古い"
		  "サービスが有効に戻ることがあるので、更新後にもう一度確認して"
		  "ください。",
		  "Telnet と FTP は止めるか SSH/SFTP に置き換え、Web 画面は "
		  "HTTPS にし、SNMP のコミュニティ名は public "
		  "以外に変えてください（SNMPv3 が望ましい）。"
		  "メーカーが変更を認めない場合は代わりの方法を確認し、"
		  "その機器と通信できる範囲を限ってください。",
		  "これらの Web 画面は暗号化されない HTTP です。設定、"
		  "患者情報、ログインなど大事な内容を扱う場合は、HTTPS "
		  "を有効にするようメーカーに依頼してください。",
		  "まずスキャンしてください。機器が受け付けるサービスから、"
		  "暗号化されない管理通信の有無が分かります。" },
	},
	[CHECKLIST_I_DEFAULTS] = {
		"default-credentials", "⑧",
		"MHLW checklist ⑧ (factory passwords changed)",
		"チェックリスト ⑧（出荷時のパスワードからの変更）",
		"No device still answers its factory password or lets anyone "
		"in without one.",
		"出荷時のパスワードのまま使っている機器や、"
		"パスワードなしで誰でも接続できる機器がない。",
		{ "No factory setting answered and no login service was "
		  "found. Check again after devices are replaced or reset.",
		  "Change the factory settings found: a site-specific SNMP "
		  "community (or SNMPv3), the DICOM AE title checks, a "
		  "password on the message broker. Then go through the "
		  "devices' other accounts with the makers (MDS2 PAUT-4, "
		  "PAUT-5).",
		  "",
		  "iomtscan never tries passwords, so it cannot tell whether "
		  "the logins of the devices listed still use the factory "
		  "password. Ask the makers for the default accounts (MDS2 "
		  "PAUT-4) and confirm each one has been changed." },
		{ "出荷時の設定で応答した機器も、ログインできるサービスも見つか"
		  "りませんでした。機器の交換や初期化のあとにもう一度確認してく"
		  "ださい。",
		  "見つかった出荷時の設定を変えてください（SNMP "
		  "のコミュニティ名を施設独自のものに、または SNMPv3 に／DICOM "
		  "の AE タイトル確認を有効に／メッセージブローカーにパスワード"
		  "を設定）。そのうえで、ほかのアカウントもメーカーと確認してく"
		  "ださい（MDS2 の PAUT-4、PAUT-5）。",
		  "",
		  "iomtscan はパスワードを試さないため、"
		  "挙げた機器のログインが出荷時のパスワードのままかは分かりませ"
		  "ん。初期アカウントをメーカーに確認し（MDS2 の PAUT-4）、"
		  "すべて変更済みかを確かめてください。" },
	},
	[CHECKLIST_I_KNOWLEDGE] = {
		"device-knowledge", "2-③",
		"MHLW checklist 2-③ (MDS/SDS from the vendors), MHLW guide "
		"(2023) §4.2 (MDS2, SBOM)",
		"チェックリスト 2-③（事業者からの MDS/SDS）、手引書（2023）4.2"
		"（MDS2、SBOM）",
		"The vendors' security disclosures (MDS2, MDS/SDS) and SBOMs "
		"are on file, and advisories for each device are known.",
		"事業者から医療情報セキュリティ開示書（MDS/SDS、MDS2）"
		"とSBOMの提出を受け、機器ごとの脆弱性情報を把握している。",
		{ "Keep the documents current: ask for new ones with every "
		  "software update.",
		  "Ask the vendor of each device for its MDS2 (or the "
		  "Japanese MDS/SDS) and SBOM, and look up security "
		  "advisories for its model (CISA ICSMA, the maker's site). A "
		  "device with nothing on file is unknown, not safe.",
		  "Ask the vendors of the devices listed for their MDS2 (or "
		  "the Japanese MDS/SDS) and SBOM, and look up advisories for "
		  "their models. A device with nothing on file is unknown, "
		  "not safe.",
		  "Scan first; then ask the vendors of the devices found for "
		  "their MDS2 and SBOM." },
		{ "ソフトウェア更新のたびに新しい資料を依頼し、"
		  "最新に保ってください。",
		  "事業者に、機器ごとの MDS2（または医療情報セキュリティ開示書 "
		  "MDS/SDS）と SBOM の提出を依頼し、型番ごとの脆弱性情報（CISA "
		  "の ICSMA、メーカーの公開情報）を確認してください。"
		  "資料がない機器は「安全」ではなく「不明」です。",
		  "挙げた機器の事業者に MDS2（または MDS/SDS）と SBOM "
		  "の提出を依頼し、型番ごとの脆弱性情報を確認してください。"
		  "資料がない機器は「安全」ではなく「不明」です。",
		  "まずスキャンし、見つかった機器の事業者に MDS2 と SBOM "
		  "を依頼してください。" },
	},
};
