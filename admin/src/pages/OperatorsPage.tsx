import { useState } from "react";
import { Alert, App, Button, Card, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from "antd";
import { BANK_STAFF_ROLES, BANK_STAFF_ROLE_LABELS, ZOperatorCreateRequest, type TBankStaffRole } from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { addMyOperator, listMyOperators, type TOperator } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { mapIssuesToFields } from "../lib/formErrors";
import { bankPostOf } from "../lib/roles";
import { rowTestId, testId } from "../lib/testId";
import { useLoad } from "../lib/useLoad";
import { LoadError } from "../components/LoadError";

interface OperatorValues {
  username?: string;
  displayName?: string;
  password?: string;
  staffRole?: TBankStaffRole;
}
const FIELDS = ["username", "displayName", "password", "staffRole"] as const;
type TField = (typeof FIELDS)[number];

/** 机构操作员: the operator accounts of the signed-in operator's partner. */
export function OperatorsPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<OperatorValues>();
  const { data: items, setData: setItems, loading, loadError, load } = useLoad<TOperator[]>(listMyOperators, []);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  // A bank's operators hold a post (信贷员 / 银行管理员); other partners' operators have none.
  const isBank = user ? bankPostOf(user) !== undefined : false;

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, ([first]) =>
      (FIELDS as readonly string[]).includes(first ?? "") ? (first as TField) : undefined,
    );
    form.setFields(FIELDS.map((name) => ({ name, errors: fields[name] ?? [] })));
    setFormError(unmatched.length > 0 ? `${title}：${unmatched.join("；")}` : null);
  };

  const submit = async () => {
    setFormError(null);
    const values = form.getFieldsValue();
    const parsed = ZOperatorCreateRequest.safeParse({
      username: values.username ?? "",
      displayName: values.displayName ?? "",
      password: values.password ?? "",
      ...(isBank ? { staffRole: values.staffRole } : {}),
    });
    if (parsed.success && isBank && !parsed.data.staffRole) {
      showIssues([{ path: ["staffRole"], message: "请选择岗位" }], "请检查以下内容");
      return;
    }
    if (!parsed.success) {
      showIssues(parsed.error.issues, "请检查以下内容");
      return;
    }
    setSaving(true);
    try {
      const created = await addMyOperator(parsed.data);
      setItems((prev) => [...prev, created]);
      message.success(`已添加操作员：${created.displayName}（${created.username}）`);
      setAdding(false);
      form.resetFields();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<TOperator> = [
    { title: "用户名", dataIndex: "username", render: (username: string) => <span data-testid="operator-username">{username}</span> },
    {
      title: "姓名",
      dataIndex: "displayName",
      render: (name: string, op) => (
        <span>
          {name}
          {op.id === user?.id && <Tag style={{ marginInlineStart: 8 }}>我</Tag>}
        </span>
      ),
    },
    ...(isBank
      ? [
          {
            title: "岗位",
            dataIndex: "staffRole",
            width: 130,
            render: (role: TBankStaffRole | undefined) => (
              <Tag color={(role ?? "bank_manager") === "bank_manager" ? "gold" : "blue"}>
                {/* No post stored counts as a manager: the partner's first operator. */}
                {BANK_STAFF_ROLE_LABELS[role ?? "bank_manager"]}
              </Tag>
            ),
          },
        ]
      : []),
    {
      title: "状态",
      dataIndex: "disabled",
      width: 120,
      render: (disabled: boolean) => (disabled ? <Tag>已停用</Tag> : <Tag color="green">正常</Tag>),
    },
  ];

  return (
    <Card
      title="机构操作员"
      extra={
        <Button type="primary" data-testid="operator-new" onClick={() => setAdding(true)}>
          添加操作员
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        {isBank
          ? "本行的操作员：信贷员办理贷款审批、查看授权范围内的信用报告和融资需求；银行管理员另可管理贷款产品、分配申请、查看统计和管理操作员。"
          : "本机构的操作员可以管理本机构的权益场景、在核销台核销权益券，并在授权范围内查询信用报告。"}
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TOperator>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        data-testid="operator-table"
        onRow={(op) => rowTestId(`operator-row-${op.id}`)}
        locale={{ emptyText: loading ? " " : "暂无操作员" }}
      />
      <Modal
        open={adding}
        title="添加操作员"
        okText="添加"
        cancelText="取消"
        okButtonProps={{ ...testId("operator-form-submit"), loading: saving }}
        onOk={() => void submit()}
        onCancel={() => {
          setAdding(false);
          setFormError(null);
        }}
        forceRender
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="operator-form-error" />}
        <Form<OperatorValues>
          form={form}
          layout="vertical"
          disabled={saving}
          onValuesChange={(changed: Partial<OperatorValues>) =>
            form.setFields(FIELDS.filter((name) => name in changed).map((name) => ({ name, errors: [] })))
          }
        >
          <Form.Item label="用户名" name="username" required extra="4–32位小写字母、数字或下划线，以字母开头">
            <Input data-testid="operator-form-username" autoComplete="off" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" required>
            <Input data-testid="operator-form-display-name" maxLength={30} />
          </Form.Item>
          <Form.Item label="初始密码" name="password" required extra="至少10位，请告知操作员首次登录后妥善保管">
            <Input.Password data-testid="operator-form-password" autoComplete="new-password" />
          </Form.Item>
          {isBank && (
            <Form.Item label="岗位" name="staffRole" required extra="信贷员办理审批；银行管理员另管理产品、分配申请和查看统计">
              <Select<TBankStaffRole>
                data-testid="operator-form-staff-role"
                placeholder="请选择岗位"
                options={BANK_STAFF_ROLES.map((r) => ({ value: r, label: BANK_STAFF_ROLE_LABELS[r] }))}
                virtual={false}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
