// Simplified Chinese texts of the advance-information pages (arrivals board,
// manifest risk list). manifests.en.ts has exactly the same keys.

const manifestsZhCN = {
  manifestsNav: {
    arrivals: '预报到达',
  },
  // Joins the main role labels (messages.ts).
  roles: {
    carrier: '承运人系统',
  },
  arrivals: {
    title: '预计到达交通工具',
    date: '日期',
    empty: '该日没有预报舱单',
    arrival: '预计到达',
    conveyance: '航班/航次/车次',
    port: '口岸',
    listType: '名单',
    persons: '人数',
    red: '高风险',
    yellow: '中风险',
    verdict: '报文',
    open: '查看',
  },
  manifest: {
    title: '舱单 {transport}',
    riskList: '风险名单',
    reconciliation: '到达核对',
    versions: '版本',
    seq: '序号',
    person: '人员',
    role: '身份',
    document: '证件',
    level: '风险等级',
    reasons: '原因',
    marks: '标记',
    defective: '来自有缺陷的报文',
    issues: '报文问题',
    noReasons: '无',
    arrived: '已到达',
    notArrived: '尚未到达',
    crossed: '已通关',
    noShows: '未到（名单上但未通关）',
    notOnList: '不在名单上的通关人员',
    none: '无',
    version: '版本',
    received: '接收时间',
    change: '变更报文',
    personCount: '人数',
  },
  listType: {
    passenger: '旅客',
    crew: '机组/船员',
    unknown: '未知',
  },
  personRole: {
    passenger: '旅客',
    crew: '机组/船员',
    in_transit: '过境',
    unknown: '未知',
  },
  riskLevel: {
    unscreened: '未筛查',
    green: '低',
    yellow: '中',
    red: '高',
  },
  verdict: {
    valid: '有效',
    valid_with_warnings: '有效（有警告）',
    invalid: '无效',
  },
  marks: {
    meet_at_gate: '登机口/舷梯接人',
    refer: '移交二线',
    notify_customs: '通报海关',
    notify_health: '通报卫生检疫',
  },
}

export type ManifestsMessages = typeof manifestsZhCN
export default manifestsZhCN
