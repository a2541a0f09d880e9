import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Card, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate } from "react-router-dom";
import { SUBJECT_KINDS, YUNNAN_PREFECTURES, maskCitizenId, type TPrefectureCode, type TSubject, type TSubjectKind } from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { fetchCreditScales, searchSubjects, type TSubjectPage } from "../api/credit";
import { useCurrentUser } from "../api/useSession";
import { SUBJECT_KIND_LABELS, needsUsccReview, subjectIdentifier } from "../lib/credit";
import { testId } from "../lib/testId";
import { LoadError } from "../components/LoadError";
import { useLoad } from "../lib/useLoad";

interface TSearch {
  q: string;
  kind: TSubjectKind | undefined;
  prefectureCode: TPrefectureCode | undefined;
  page: number;
}

/**
 * The last search, kept in memory only (not in the URL, not in storage: the query may be a
 * full ID number), so coming back from a subject's page shows the same list.
 */
let lastSearch: TSearch = { q: "", kind: undefined, prefectureCode: undefined, page: 1 };

/** Full citizen ID numbers in a query, masked (1101**********119X) for display. */
function maskFullIds(text: string): string {
  return text.replace(/\d{17}[\dXx]/g, (id) => maskCitizenId(id.toUpperCase()));
}

const kindOptions = SUBJECT_KINDS.map((k) => ({ value: k, label: SUBJECT_KIND_LABELS[k] }));
const prefectureOptions = YUNNAN_PREFECTURES.map((p) => ({ value: p.code, label: p.name }));

export function SubjectListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [search, setSearch] = useState<TSearch>(lastSearch);
  // Coming back with a full ID number as the query: keep its results, show it masked.
  const [input, setInput] = useState(() => maskFullIds(lastSearch.q));
  const [result, setResult] = useState<TSubjectPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (next: TSearch) => {
    const ticket = ++latest.current;
    lastSearch = next;
    setLoading(true);
    setLoadError(null);
    try {
      const page = await searchSubjects({
        q: next.q.trim() || undefined,
        kind: next.kind,
        prefectureCode: next.prefectureCode,
        page: next.page,
      });
      if (ticket === latest.current) setResult(page);
    } catch (err) {
      if (ticket === latest.current) setLoadError(errorMessage(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(search);
  }, [load, search]);

  const runSearch = (q: string) => setSearch((prev) => ({ ...prev, q, page: 1 }));

  // Citizens and enterprises score on scales of their own: a bare 93 next to 720 would mislead.
  const { data: scales } = useLoad(fetchCreditScales, null);
  const columns: TableColumnsType<TSubject> = [
    {
      title: "名称",
      dataIndex: "name",
      render: (name: string, s) => (
        <Space size={6}>
          <Link to={`/subjects/${s.id}`} onClick={(e) => e.stopPropagation()} data-testid={`subject-name-${s.id}`}>
            {name}
          </Link>
          <Tag>{s.kind === "citizen" ? "个人" : "企业"}</Tag>
        </Space>
      ),
    },
    {
      title: "证件号 / 统一社会信用代码",
      key: "identifier",
      render: (_: unknown, s) => (
        <Space size={6}>
          <Typography.Text style={{ fontFamily: "monospace" }}>{subjectIdentifier(s)}</Typography.Text>
          {needsUsccReview(s) && <Tag color="warning">代码待复核</Tag>}
        </Space>
      ),
    },
    { title: "州市", dataIndex: "prefectureName", width: 170 },
    {
      title: "分数",
      dataIndex: "score",
      width: 110,
      align: "right",
      render: (score: number | undefined, s) =>
        score === undefined ? "—" : (
          <span>
            {score}
            {scales ? <Typography.Text type="secondary"> / {scales[s.kind].max}</Typography.Text> : null}
          </span>
        ),
    },
    {
      title: "等级",
      key: "grade",
      width: 110,
      render: (_: unknown, s) => (s.grade ? `${s.grade} ${s.gradeLabel ?? ""}` : "—"),
    },
    {
      title: "黑名单",
      dataIndex: "blacklisted",
      width: 90,
      render: (blacklisted: boolean, s) =>
        blacklisted ? (
          <Tag color="red" data-testid={`subject-blacklisted-${s.id}`}>
            黑名单
          </Tag>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Card title="信用主体">
      <Space wrap style={{ marginBottom: 16 }}>
        {/* A plain Input (not Input.Search) so the test id lands on the <input> itself. */}
        <Space.Compact style={{ width: 460 }}>
          <Input
            data-testid="subject-search-input"
            placeholder="姓名 / 企业名称 / 脱敏证件号 / 身份证号 / 统一社会信用代码"
            allowClear
            autoComplete="off"
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
              // Clearing the box (×) shows the full list again.
              if (e.target.value === "" && search.q !== "") runSearch("");
            }}
            onPressEnter={() => runSearch(input)}
            maxLength={60}
          />
          <Button type="primary" onClick={() => runSearch(input)} data-testid="subject-search-submit">
            查询
          </Button>
        </Space.Compact>
        <Select<TSubjectKind>
          data-testid="subject-kind-filter"
          placeholder="主体类型"
          allowClear
          options={kindOptions}
          value={search.kind}
          onChange={(kind) => setSearch((prev) => ({ ...prev, kind, page: 1 }))}
          style={{ width: 160 }}
        />
        {user?.role === "platform_admin" && (
          <Select<TPrefectureCode>
            data-testid="subject-prefecture-filter"
            placeholder="州市"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            options={prefectureOptions}
            value={search.prefectureCode}
            onChange={(prefectureCode) => setSearch((prev) => ({ ...prev, prefectureCode, page: 1 }))}
            style={{ width: 200 }}
          />
        )}
      </Space>
      <Typography.Paragraph type="secondary">
        可按姓名或企业名称、脱敏证件号（如 1101**********119X）、完整身份证号或统一社会信用代码查询；证件号一律脱敏显示。
        {user?.role === "regional_admin" && user.prefectureName ? `仅显示${user.prefectureName}的信用主体。` : ""}
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load(search)} />}
      <Table<TSubject>
        rowKey="id"
        data-testid="subject-table"
        columns={columns}
        dataSource={result?.items ?? []}
        loading={loading}
        onRow={(s) => ({
          ...testId(`subject-row-${s.id}`),
          onClick: () => navigate(`/subjects/${s.id}`),
          style: { cursor: "pointer" },
        })}
        pagination={{
          current: result?.page ?? search.page,
          pageSize: result?.pageSize ?? 20,
          total: result?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 个信用主体`,
          onChange: (page) => setSearch((prev) => ({ ...prev, page })),
        }}
        locale={{ emptyText: loading ? " " : "没有找到符合条件的信用主体" }}
        scroll={{ x: 900 }}
      />
    </Card>
  );
}
