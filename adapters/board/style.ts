/**
 * The board's style sheet, served at /board/static/board.css. Kept in a module (not a .css file) so the
 * compiled build carries it. Print rules make a document page a clean A4 sheet: no navigation, no
 * buttons, black on white, rows that do not break across pages.
 */
export const BOARD_CSS = `
:root { --ink:#1d2330; --muted:#6b7385; --line:#dfe3ea; --bg:#f6f7f9; --accent:#2f6fde; --ok:#1f8a4c; --bad:#c0392b; --warn:#b9770e; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
header.top { display:flex; align-items:center; gap:24px; padding:10px 24px; background:#1d2330; color:#fff; }
header.top a { color:#cfd6e4; } header.top a.current { color:#fff; font-weight:600; border-bottom:2px solid #fff; }
header.top .brand { color:#fff; font-weight:700; letter-spacing:.3px; }
header.top nav { display:flex; gap:18px; }
header.top .who { margin-left:auto; display:flex; align-items:center; gap:14px; }
header.top .who .name { color:#fff; } header.top .who small { color:#cfd6e4; }
header.top form { margin:0; }
button.link { background:none; border:0; color:#cfd6e4; cursor:pointer; font:inherit; padding:0; }
main { max-width:1180px; margin:0 auto; padding:20px 24px 48px; }
h1 { font-size:22px; margin:8px 0 14px; } h2 { font-size:16px; margin:22px 0 8px; }
.muted, .sub { color:var(--muted); } .sub { font-size:12px; }
.nowrap { white-space:nowrap; }
.multiline { white-space:pre-wrap; display:block; }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { text-align:left; vertical-align:top; padding:7px 10px; border-bottom:1px solid var(--line); }
thead th { font-size:12px; color:var(--muted); font-weight:600; background:#fafbfc; }
table.list tbody tr:hover { background:#f3f6fd; }
.rel-id { font-weight:700; font-variant-numeric:tabular-nums; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; background:#e7ebf3; color:var(--ink); }
.badge.active { background:#e3edff; color:#1f4fb0; } .badge.done { background:#e2f4ea; color:var(--ok); }
.badge.rejected, .badge.cancelled, .badge.withdrawn { background:#fbe7e5; color:var(--bad); }
form.filters { display:flex; flex-wrap:wrap; gap:10px 14px; align-items:flex-end; background:#fff; padding:12px 14px; border:1px solid var(--line); border-radius:6px; }
form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:3px; }
form.filters label.wide input { width:280px; }
form.filters input, form.filters select { font:inherit; padding:5px 7px; border:1px solid #c8cfdb; border-radius:4px; background:#fff; color:var(--ink); }
form.filters .buttons { display:flex; gap:12px; align-items:center; }
button, .button { font:inherit; padding:6px 16px; border-radius:4px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
.count { margin:14px 0 6px; color:var(--muted); }
.pager { display:flex; justify-content:space-between; margin-top:12px; }
.chain { padding:9px 14px; border-radius:6px; font-weight:600; margin:10px 0 16px; }
.chain.ok { background:#e2f4ea; color:var(--ok); border:1px solid #b7e0c8; }
.chain.broken { background:#fbe7e5; color:var(--bad); border:1px solid #f0b8b1; }
.columns { display:grid; grid-template-columns: 1fr 1fr; gap:24px; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; background:#fff; padding:12px 14px; border:1px solid var(--line); border-radius:6px; }
dl.facts dt { color:var(--muted); }
dl.details { display:grid; grid-template-columns:max-content 1fr; gap:2px 10px; margin:4px 0 0; font-size:13px; }
dl.details dt { color:var(--muted); }
ul.docs, ul.loops, ul.approvals, ul.conflicts { margin:0; padding-left:18px; }
ul.approvals li.reject { color:var(--bad); } ul.approvals li.pending { color:var(--warn); }
q { quotes:"“" "”"; margin-left:6px; color:#394152; }
table.timeline td.seq { color:var(--muted); white-space:nowrap; }
table.timeline tr.approve td, table.timeline tr.decision td { background:#f4fbf6; }
table.timeline tr.rejection td, table.timeline tr.loop td { background:#fdf6f5; }
table.timeline tr.timer td, table.timeline tr.system td, table.timeline tr.refused td { color:var(--muted); }
table.timeline tr.broken td { background:#fbe7e5 !important; color:var(--bad); font-weight:600; }
.state .awaiting { color:var(--warn); }
section.notice { max-width:620px; margin:48px auto; background:#fff; padding:24px 28px; border:1px solid var(--line); border-radius:8px; }
section.notice h1 { margin-top:0; }
.crumbs { margin:0; font-size:13px; }
/* Calendar */
.cal-nav { display:flex; gap:16px; align-items:center; margin-bottom:10px; }
.cal-nav .switch { margin-left:auto; display:flex; gap:10px; } .cal-nav .current { font-weight:700; color:var(--ink); }
.cal { display:grid; grid-template-columns:repeat(7, 1fr); border-left:1px solid var(--line); border-top:1px solid var(--line); background:#fff; }
.cal .wd { padding:6px 8px; font-size:12px; color:var(--muted); background:#fafbfc; border-right:1px solid var(--line); border-bottom:1px solid var(--line); }
.cal .day { min-height:108px; padding:4px 6px; border-right:1px solid var(--line); border-bottom:1px solid var(--line); }
.cal.week .day { min-height:300px; }
.cal .day.other { background:#fafbfc; color:var(--muted); }
.cal .day.holiday { background:#fdf3f2; }
.cal .day.holiday.other { background:#f7eeed; }
.cal .day.frozen { background:repeating-linear-gradient(135deg, #fff, #fff 8px, #eef1f7 8px, #eef1f7 16px); }
.cal .day.today .date { color:#fff; background:var(--accent); border-radius:10px; padding:0 7px; display:inline-block; }
.cal .date { font-size:12px; font-weight:600; }
.cal .holiday-tag { font-weight:400; color:#a23b2c; margin-left:6px; font-size:11px; }
.cal .workday-tag { font-weight:400; color:#1f6f43; margin-left:6px; font-size:11px; }
.cal .freeze-tag { font-weight:400; color:#5b6478; margin-left:6px; font-size:11px; }
.cal ul { list-style:none; margin:4px 0 0; padding:0; }
.cal li.win { font-size:12px; margin-bottom:3px; padding:2px 5px; border-radius:3px; background:#e3edff; line-height:1.3; }
.cal li.win a { color:#1f3f8a; } .cal li.win .sys { display:block; color:var(--muted); font-size:11px; }
.cal li.win.status-done { background:#e2f4ea; } .cal li.win.status-done a { color:#17643a; }
.cal li.win.conflict { background:#fdecd9; outline:1px solid #e8a35a; } .cal li.win.conflict a { color:#8a4b08; }
.warn { color:var(--warn); font-weight:700; }
/* Metrics */
.charts { display:grid; grid-template-columns:repeat(auto-fill, minmax(540px, 1fr)); gap:16px; margin-top:16px; }
figure.chart { margin:0; background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 12px; }
figure.chart figcaption { font-weight:600; margin-bottom:4px; }
figure.chart svg { max-width:100%; height:auto; }
table.metrics-table tr.total td { font-weight:700; }
/* Documents: a sheet on screen, A4 on paper */
body.doc { background:#e9ecf1; }
article.document { background:#fff; max-width:210mm; margin:0 auto; padding:18mm 16mm; box-shadow:0 1px 6px rgba(0,0,0,.12); }
.doc-tools { display:flex; gap:18px; margin:-8mm 0 8mm; font-size:13px; }
.doc-head { text-align:center; border-bottom:2px solid var(--ink); padding-bottom:8px; margin-bottom:10px; }
.doc-head h1 { font-size:24px; letter-spacing:2px; margin:2px 0; }
.doc-org { margin:0; color:var(--muted); font-size:12px; }
.doc-id { margin:2px 0 0; }
.doc-section h2 { font-size:14px; border-left:4px solid var(--ink); padding-left:8px; margin:16px 0 6px; }
table.doc-rows th { width:30%; background:#fafbfc; font-weight:600; border:1px solid #c9ced8; }
table.doc-rows td, table.doc-table td, table.doc-table th { border:1px solid #c9ced8; }
table.doc-table thead th { color:var(--ink); background:#f1f3f7; }
.sig-table .sig-name { font-weight:700; font-size:15px; }
.sig.rejected td { color:var(--bad); } .sig.pending td { color:var(--warn); }
.doc-foot { margin-top:14px; padding-top:6px; border-top:1px solid var(--line); font-size:11px; color:var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  header.top, .no-print, .doc-tools { display:none !important; }
  body, body.doc { background:#fff; font-size:11pt; }
  main { max-width:none; padding:0; }
  article.document { box-shadow:none; max-width:none; padding:0; margin:0; }
  a { color:var(--ink); }
  tr, .sig-table, .doc-section h2 { break-inside:avoid; page-break-inside:avoid; }
  .signatures { break-inside:avoid; }
}
@media (max-width: 800px) { .columns { grid-template-columns:1fr; } header.top { flex-wrap:wrap; } }
`;
