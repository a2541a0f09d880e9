import { citizenIdCheckChar } from "@xinyi/shared";

const citizenId = (first17: string) => first17 + citizenIdCheckChar(first17);

export type DemoIdentity = { name: string; idNumber: string; phone?: string; demonstrates: string };

/**
 * The people the development identity check knows (README.md lists them). Any other
 * valid ID number is "unknown"; a known number with another name is "mismatch".
 */
export const DEMO_IDENTITIES = {
  zhangMing: { name: "张明", idNumber: citizenId("53010219900101123"), phone: "13800000001", demonstrates: "已实名的昆明市民，信用分720" },
  liHua: { name: "李华", idNumber: citizenId("53290119920315234"), phone: "13800000002", demonstrates: "已实名的大理市民，信用分680" },
  wangFang: { name: "王芳", idNumber: citizenId("53010219780512204"), phone: "13800000003", demonstrates: "昆明滇池文旅发展有限公司登记的法定代表人（账号已实名并持有该企业）" },
  zhaoQiang: { name: "赵强", idNumber: citizenId("53010219880923301"), phone: "13800000004", demonstrates: "企业员工：实名后申请经办人授权，由法定代表人批准后代表企业办理" },
  zhaoLei: { name: "赵磊", idNumber: citizenId("53010219850203411"), demonstrates: "平台尚无记录的真实人员：实名时新建信用主体" },
  zhouMin: { name: "周敏", idNumber: citizenId("53010219900505222"), demonstrates: "实名后录入处罚记录，信用分随之变化" },
  hanMei: { name: "韩梅", idNumber: citizenId("53010219870707345"), demonstrates: "授权合作机构查询信用报告" },
} satisfies Record<string, DemoIdentity>;

/** A valid ID number nobody holds in the demo: the identity check answers "unknown". */
export const DEMO_UNKNOWN_IDENTITY: DemoIdentity = { name: "孙丽", idNumber: citizenId("53010219950707128"), demonstrates: "查无此人：与姓名不符的答复相同" };
