import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { TImportQuery } from '../../../../server/src/modules/catalog/schema';
import { ApiError } from '../../api/client';
import { splitCell, useImportCatalog, type ImportReport } from '../../api/catalog-admin';

type Mode = TImportQuery['mode'];

/**
 * 目录导入: download the template, fill it, upload it. The server checks every cell of every row;
 * the administrator can check first without importing, then import either nothing unless the file
 * is clean, or the rows without problems while the others are listed cell by cell.
 */
export function ImportPage() {
  const importCatalog = useImportCatalog();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>('all');
  const error = importCatalog.error instanceof ApiError ? importCatalog.error : null;
  const report = importCatalog.data;
  const problems = report
    ? report.problems.map((p, i) => ({ key: i, sheet: p.sheet, row: p.row || null, column: p.column, header: p.header, value: p.value, message: p.message }))
    : (error?.details ?? []).map((d, i) => ({ key: i, ...splitCell(d.field), header: '', value: '', message: d.message }));
  const run = (dryRun: boolean) => file && importCatalog.mutate({ file, dryRun, mode });

  return (
    <Card
      title="导入事项目录"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href="/api/admin/items/template.xlsx">
            下载模板
          </Button>
          <Button icon={<DownloadOutlined />} href="/api/admin/items/export.xlsx">
            导出当前目录
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        按模板「填写说明」填写「事项」「材料」「部门」三张表后上传。同一实施编码再次导入即更新该事项，内容未变的事项不改动；导出的文件可直接再导入。
        系统逐格检查每一行，空白格不会被当作任何默认值。建议先「只检查」，看清每处问题后再导入。
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx"
        multiple={false}
        showUploadList={false}
        disabled={importCatalog.isPending}
        beforeUpload={(chosen) => {
          setFile(chosen);
          importCatalog.reset();
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? `已选择：${file.name}（点击或拖入可更换）` : '点击或拖入 xlsx 文件'}</p>
      </Upload.Dragger>

      <Space wrap style={{ marginTop: 16 }}>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as Mode)} aria-label="有错误时">
          <Radio value="all">有任何错误则不导入</Radio>
          <Radio value="valid">只导入无误的行，有误的行列出原因</Radio>
        </Radio.Group>
        <Button disabled={!file} loading={importCatalog.isPending && importCatalog.variables?.dryRun} onClick={() => run(true)}>
          只检查（不导入）
        </Button>
        <Button type="primary" disabled={!file} loading={importCatalog.isPending && !importCatalog.variables?.dryRun} onClick={() => run(false)}>
          导入
        </Button>
      </Space>

      {report && <ReportSummary report={report} />}
      {importCatalog.error && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon message={importCatalog.error.message} description={problems.length ? '请按下表逐项修改后重新上传，或选择「只导入无误的行」：' : undefined} />
      )}
      {problems.length > 0 && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="key"
          dataSource={problems}
          aria-label="逐格问题"
          pagination={problems.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: '工作表', dataIndex: 'sheet', width: 80 },
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '列', dataIndex: 'column', width: 50 },
            { title: '表头', dataIndex: 'header', width: 130 },
            { title: '填写内容', dataIndex: 'value', width: 200, ellipsis: true },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}

function ReportSummary({ report }: { report: ImportReport }) {
  const counts = `新增 ${report.created} 项，更新 ${report.updated} 项，未变 ${report.unchanged} 项，新增部门 ${report.departmentsCreated} 个`;
  const skipped = report.skippedRows.length ? `；「事项」表第 ${report.skippedRows.join('、')} 行未导入` : '';
  if (report.dryRun) {
    return (
      <Alert
        style={{ marginTop: 16 }}
        type={report.ok ? 'success' : 'warning'}
        showIcon
        message={report.ok ? '检查通过，没有发现问题（尚未导入）' : `发现 ${report.problems.length} 处问题（尚未导入）`}
        description={
          <>
            {report.ok ? `导入后将${counts}。` : `若选择「只导入无误的行」，将${counts}${skipped}。`}
            {!report.ok && <Tag style={{ marginLeft: 8 }}>问题见下表</Tag>}
          </>
        }
      />
    );
  }
  return (
    <Alert
      style={{ marginTop: 16 }}
      type={report.ok ? 'success' : 'warning'}
      showIcon
      message={report.ok ? '导入完成' : `已导入无误的行，另有 ${report.problems.length} 处问题`}
      description={`${counts}${skipped}。`}
    />
  );
}
