import type { TRepairCommitmentText } from "@xinyi/shared";

/**
 * The 信用承诺书 a subject signs with a repair application. An application names the version it
 * agreed to and is refused if it is not the one in force; the text is stored with the application
 * verbatim, so a later revision never changes what someone signed. Revise by adding a new version
 * here (and a new `version` string), never by editing an old text.
 */
export const REPAIR_COMMITMENT: TRepairCommitmentText = {
  version: "2026-1",
  title: "信用修复承诺书",
  text: [
    "本人（本单位）申请对所列失信信息进行信用修复，现郑重承诺：",
    "一、已全面履行行政处罚决定或其他相关义务，所提交的证明材料真实、合法、有效；",
    "二、已按要求纠正失信行为、消除不良影响；",
    "三、今后将严格遵守法律法规，诚实守信、依法经营，不再发生同类失信行为；",
    "四、自愿接受主管部门和社会的监督，本承诺将依法公示；",
    "五、如有虚假承诺或违背承诺，自愿承担相应法律责任，接受撤销信用修复决定、重新公示失信信息及列入违背信用承诺记录等处理。",
  ].join("\n"),
};
