import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Row,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  theme,
  type TableColumnsType,
} from "antd";
import {
  IMPORT_COLUMNS,
  PENALTY_SEVERITIES,
  PENALTY_SEVERITY_LABELS,
  RECORD_KINDS,
  RECORD_KIND_LABELS,
  TAX_GRADES,
  type TImportJob,
  type TPrefectureCode,
} from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { downloadImportRejections, getImport, listImports, startImport } from "../api/credit";
import { useCurrentUser } from "../api/useSession";
import { saveBlob } from "../lib/credit";
import { formatDateTime } from "../lib/format";

type TImportColumn = (typeof IMPORT_COLUMNS)[number];

const COLUMN_HELP: Record<TImportColumn, { label: string; rule: string }> = {
  subjectKind: { label: "主体类型", rule: "必填：citizen（自然人）或 enterprise（法人及其他组织）" },
  idNumber: { label: "身份证号", rule: "自然人必填：18位居民身份证号码" },
  uscc: { label: "统一社会信用代码", rule: "法人必填：18位；未通过校验位的试点期代码会标记待复核" },
  name: { label: "姓名/企业名称", rule: "必填" },
  legalRepName: { label: "法定代表人姓名", rule: "法人选填（登记信息）：与法定代表人身份证号一并填写；法定代表人凭此在小程序中认领企业" },
  legalRepIdNumber: { label: "法定代表人身份证号", rule: "法人选填：18位居民身份证号码，加密保存，仅显示脱敏号码" },
  prefectureCode: { label: "州市代码", rule: "必填：行政区划代码，如 530100（昆明市）" },
  kind: { label: "记录类型", rule: `必填：${RECORD_KINDS.map((k) => `${k}（${RECORD_KIND_LABELS[k]}）`).join("、")}` },
  severity: {
    label: "处罚严重程度",
    rule: `行政处罚必填：${PENALTY_SEVERITIES.map((s) => `${s}（${PENALTY_SEVERITY_LABELS[s]}）`).join("、")}`,
  },
  taxGrade: { label: "纳税信用等级", rule: `纳税信用记录必填：${TAX_GRADES.join("、")}` },
  title: { label: "事由", rule: "必填：2–200字" },
  sourceDept: { label: "来源部门", rule: "必填；与文书号一起唯一确定一条记录，重复导入不会产生重复记录" },
  docNo: { label: "文书号", rule: "必填" },
  decidedAt: { label: "决定日期", rule: "必填：YYYY-MM-DD" },
  publishedAt: { label: "公示日期", rule: "选填：YYYY-MM-DD；晚于决定后7个工作日计为逾期公示" },
  validUntil: { label: "公示截止日期", rule: "选填：YYYY-MM-DD，须晚于决定日期" },
};

const TEMPLATE_ROWS: Record<TImportColumn, string>[] = [
  {
    subjectKind: "citizen",
    idNumber: "11010119900101119X",
    uscc: "",
    name: "赵云",
    legalRepName: "",
    legalRepIdNumber: "",
    prefectureCode: "530100",
    kind: "penalty",
    severity: "minor",
    taxGrade: "",
    title: "占道经营，责令改正并处罚款",
    sourceDept: "昆明市城市管理局",
    docNo: "昆城管罚〔2026〕0001号",
    decidedAt: "2026-03-02",
    publishedAt: "2026-03-05",
    validUntil: "2026-09-02",
  },
  {
    subjectKind: "enterprise",
    idNumber: "",
    uscc: "91350100M000100Y43",
    name: "昆明示例商贸有限公司",
    legalRepName: "钱进",
    legalRepIdNumber: "110101199003076878",
    prefectureCode: "530100",
    kind: "tax_grade",
    severity: "",
    taxGrade: "A",
    title: "2025年度纳税信用A级纳税人",
    sourceDept: "国家税务总局昆明市税务局",
    docNo: "昆税信〔2026〕12号",
    decidedAt: "2026-04-01",
    publishedAt: "2026-04-03",
    validUntil: "2027-03-31",
  },
];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The template, with a regional administrator's own prefecture in the example rows. */
function downloadTemplate(prefectureCode: TPrefectureCode | undefined): void {
  const rows = TEMPLATE_ROWS.map((row) => (prefectureCode ? { ...row, prefectureCode } : row));
  const lines = [IMPORT_COLUMNS.join(","), ...rows.map((row) => IMPORT_COLUMNS.map((c) => csvCell(row[c])).join(","))];
  // The BOM lets spreadsheet software open the UTF-8 file with the Chinese intact.
  saveBlob(new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }), "信用记录导入模板.csv");
}

/**
 * The file's text: UTF-8 (a leading BOM is dropped), or GB18030 when it is not valid UTF-8
 * (CSV saved by spreadsheet software on Chinese Windows). The server always receives UTF-8.
 */
async function readFileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

function formatOf(fileName: string): "csv" | "json" | undefined {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === "csv" || ext === "json" ? ext : undefined;
}

const STATUS_LABELS: Record<TImportJob["status"], string> = { running: "导入中", completed: "已完成", failed: "失败" };
const STATUS_COLORS: Record<TImportJob["status"], string> = { running: "processing", completed: "success", failed: "error" };

function rejectionFileName(job: TImportJob): string {
  return `${job.fileName.replace(/\.(csv|json)$/i, "")}-拒绝明细.csv`;
}

function useRejectionDownload() {
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState<string | null>(null);
  const download = useCallback(
    async (job: TImportJob) => {
      setDownloading(job.id);
      try {
        const { blob, fileName } = await downloadImportRejections(job.id);
        saveBlob(blob, fileName ?? rejectionFileName(job));
      } catch (err) {
        message.error(errorMessage(err));
      } finally {
        setDownloading(null);
      }
    },
    [message],
  );
  return { downloading, download };
}

function Figure({ label, value, testId, color }: { label: string; value: number; testId: string; color?: string }) {
  return (
    <div>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ fontSize: 24, fontWeight: 600, color, fontVariantNumeric: "tabular-nums" }}>
        <span data-testid={testId} data-value={value}>
          {value}
        </span>
      </div>
    </div>
  );
}

function JobProgress({ job, onDownload, downloading }: { job: TImportJob; onDownload: () => void; downloading: boolean }) {
  const { token } = theme.useToken();
  const percent =
    job.totalRows > 0 ? Math.floor((job.processedRows / job.totalRows) * 100) : job.status === "running" ? 0 : 100;
  return (
    <div data-testid="import-progress" data-job-id={job.id}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{job.fileName}</Typography.Text>
        <Tag color={STATUS_COLORS[job.status]}>
          <span data-testid="import-status" data-status={job.status}>
            {STATUS_LABELS[job.status]}
          </span>
        </Tag>
        <Typography.Text type="secondary">开始于 {formatDateTime(job.createdAt)}</Typography.Text>
        {job.finishedAt && <Typography.Text type="secondary">完成于 {formatDateTime(job.finishedAt)}</Typography.Text>}
      </Space>
      <Progress
        percent={percent}
        status={job.status === "running" ? "active" : job.status === "failed" ? "exception" : "success"}
        format={() => `${job.processedRows} / ${job.totalRows}`}
      />
      {job.error && <Alert type="error" showIcon title={job.error} style={{ marginTop: 8 }} data-testid="import-error" />}
      <Row gutter={[24, 16]} style={{ marginTop: 16 }}>
        <Col xs={12} md={4}>
          <Figure label="已处理" value={job.processedRows} testId="import-processed" />
        </Col>
        <Col xs={12} md={5}>
          <Figure label="新增/更新" value={job.acceptedRows} testId="import-accepted" color={token.colorSuccess} />
        </Col>
        <Col xs={12} md={5}>
          <Figure label="未变化（重复）" value={job.unchangedRows} testId="import-unchanged" />
        </Col>
        <Col xs={12} md={5}>
          <Figure label="拒绝" value={job.rejectedRows} testId="import-rejected" color={job.rejectedRows > 0 ? token.colorError : undefined} />
        </Col>
        <Col xs={12} md={5}>
          <Figure label="逾期公示（双公示）" value={job.lateRows} testId="import-late" color={job.lateRows > 0 ? token.colorWarning : undefined} />
        </Col>
      </Row>
      {job.status !== "running" && job.rejectedRows > 0 && (
        <Button
          style={{ marginTop: 16 }}
          data-testid="import-rejections-download"
          onClick={onDownload}
          loading={downloading}
        >
          下载拒绝明细
        </Button>
      )}
    </div>
  );
}

export function ImportPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [jobs, setJobs] = useState<TImportJob[]>([]);
  const [jobsLoading, setJobsLoading] = useState(true);
  const [jobsError, setJobsError] = useState<string | null>(null);
  const [current, setCurrent] = useState<TImportJob | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const [pollRetry, setPollRetry] = useState(0);
  const { downloading, download } = useRejectionDownload();

  const loadJobs = useCallback(async (resumeRunning: boolean) => {
    setJobsLoading(true);
    setJobsError(null);
    try {
      const items = await listImports();
      setJobs(items);
      // Coming back to the page while a job runs: follow it again.
      if (resumeRunning) {
        const running = items.find((j) => j.status === "running");
        if (running) setCurrent((prev) => prev ?? running);
      }
    } catch (err) {
      setJobsError(errorMessage(err));
    } finally {
      setJobsLoading(false);
    }
  }, []);

  useEffect(() => {
    void loadJobs(true);
  }, [loadJobs]);

  // Poll the current job every second until it is no longer running, then refresh the list.
  const currentId = current?.id;
  const currentRunning = current?.status === "running";
  useEffect(() => {
    if (!currentId || !currentRunning) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      getImport(currentId)
        .then((job) => {
          if (cancelled) return;
          setPollError(null);
          setCurrent(job);
          if (job.status !== "running") void loadJobs(false);
          else setPollRetry((n) => n + 1);
        })
        .catch((err: unknown) => {
          if (cancelled) return;
          setPollError(`暂时无法获取导入进度：${errorMessage(err)}，正在重试…`);
          setPollRetry((n) => n + 1);
        });
    }, 1000);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [currentId, currentRunning, pollRetry, loadJobs]);

  const upload = async (file: File) => {
    setUploadError(null);
    const format = formatOf(file.name);
    if (!format) {
      setUploadError("文件须为 .csv 或 .json");
      return;
    }
    setUploading(true);
    try {
      const text = await readFileText(file);
      if (text.trim().length === 0) {
        setUploadError("文件是空的");
        return;
      }
      const job = await startImport(file.name, text, format);
      setPollError(null);
      setCurrent(job);
      setJobs((prev) => [job, ...prev.filter((j) => j.id !== job.id)]);
      message.info(`已开始导入 ${file.name}`);
    } catch (err) {
      setUploadError(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  const columns: TableColumnsType<TImportJob> = [
    { title: "文件", dataIndex: "fileName", ellipsis: { showTitle: true } },
    {
      title: "状态",
      dataIndex: "status",
      width: 90,
      render: (status: TImportJob["status"]) => <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</Tag>,
    },
    { title: "总行数", dataIndex: "totalRows", width: 80, align: "right" },
    { title: "新增/更新", dataIndex: "acceptedRows", width: 90, align: "right" },
    { title: "未变化", dataIndex: "unchangedRows", width: 80, align: "right" },
    { title: "拒绝", dataIndex: "rejectedRows", width: 70, align: "right" },
    { title: "逾期公示", dataIndex: "lateRows", width: 90, align: "right" },
    { title: "开始时间", dataIndex: "createdAt", width: 150, render: (at: string) => formatDateTime(at) },
    {
      title: "操作",
      key: "actions",
      width: 190,
      render: (_: unknown, job) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setCurrent(job)} data-testid={`import-show-${job.id}`}>
            查看
          </Button>
          {job.status !== "running" && job.rejectedRows > 0 && (
            <Button
              type="link"
              size="small"
              loading={downloading === job.id}
              onClick={() => void download(job)}
              data-testid={`import-rejections-download-${job.id}`}
            >
              下载拒绝明细
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const columnHelp = IMPORT_COLUMNS.map((name) => ({ name, ...COLUMN_HELP[name] }));

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card title="批量导入信用记录">
        <Upload.Dragger
          data-testid="import-file-input"
          accept=".csv,.json"
          multiple={false}
          showUploadList={false}
          fileList={[]}
          disabled={uploading}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Typography.Paragraph style={{ fontSize: 16, marginBottom: 4 }}>
            {uploading ? "正在上传…" : "点击或拖拽文件到此处上传"}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            支持 .csv（首行为列名，UTF-8 或 GBK 编码）和 .json（对象数组，键名同列名）；单个文件最多100000行
          </Typography.Text>
        </Upload.Dragger>
        {user?.role === "regional_admin" && user.prefectureName && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            州市管理员只能导入{user.prefectureName}的记录，其他州市的行会被拒绝。
          </Typography.Paragraph>
        )}
        {uploadError && (
          <Alert type="error" showIcon title={<span data-testid="import-upload-error">{uploadError}</span>} style={{ marginTop: 16 }} />
        )}
        {current && (
          <div style={{ marginTop: 24 }}>
            {pollError && <Alert type="warning" showIcon title={pollError} style={{ marginBottom: 12 }} />}
            <JobProgress job={current} downloading={downloading === current.id} onDownload={() => void download(current)} />
          </div>
        )}
      </Card>

      <Card
        title="导入记录"
        extra={
          <Button onClick={() => void loadJobs(false)} disabled={jobsLoading} data-testid="import-jobs-reload">
            刷新
          </Button>
        }
      >
        {jobsError && <Alert type="error" showIcon title={jobsError} style={{ marginBottom: 16 }} />}
        <Table<TImportJob>
          rowKey="id"
          data-testid="import-jobs"
          columns={columns}
          dataSource={jobs}
          loading={jobsLoading}
          pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: jobsLoading ? " " : "暂无导入记录" }}
          scroll={{ x: 1000 }}
          size="middle"
        />
      </Card>

      <Card
        title="文件格式"
        extra={
          <Button
            onClick={() => downloadTemplate(user?.role === "regional_admin" ? user.prefectureCode : undefined)}
            data-testid="import-template-download"
          >
            下载 CSV 模板
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          列名须与下表一致（顺序不限）。同一来源部门和文书号的记录重复导入时，内容未变的计为“未变化”，不会产生重复记录。
        </Typography.Paragraph>
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={columnHelp}
          columns={[
            { title: "列名", dataIndex: "name", width: 150, render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
            { title: "含义", dataIndex: "label", width: 140 },
            { title: "要求", dataIndex: "rule" },
          ]}
        />
      </Card>
    </Space>
  );
}
