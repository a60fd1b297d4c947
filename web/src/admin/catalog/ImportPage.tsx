import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { ApiError } from '../../api/client';
import { splitCell, useImportCatalog } from '../../api/catalog-admin';

/**
 * 目录导入: download the template, fill it, upload it. The server checks the whole file first; a
 * rejected file lists every bad cell (sheet, row, column, reason) and nothing is imported.
 */
export function ImportPage() {
  const importCatalog = useImportCatalog();
  const error = importCatalog.error instanceof ApiError ? importCatalog.error : null;
  const problems = (error?.details ?? []).map((d, i) => ({ key: i, ...splitCell(d.field), message: d.message }));

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
        整个文件先校验，有任何错误都不会导入任何内容。
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx"
        multiple={false}
        showUploadList={false}
        disabled={importCatalog.isPending}
        beforeUpload={(file) => {
          importCatalog.mutate(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{importCatalog.isPending ? '正在校验和导入…' : '点击或拖入 xlsx 文件'}</p>
      </Upload.Dragger>

      {importCatalog.data && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          message="导入完成"
          description={`新增 ${importCatalog.data.created} 项，更新 ${importCatalog.data.updated} 项，未变 ${importCatalog.data.unchanged} 项，新增部门 ${importCatalog.data.departmentsCreated} 个。`}
        />
      )}
      {importCatalog.error && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon message={importCatalog.error.message} description={problems.length ? '请按下表逐项修改后重新上传：' : undefined} />
      )}
      {problems.length > 0 && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="key"
          dataSource={problems}
          pagination={problems.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: '工作表', dataIndex: 'sheet', width: 90 },
            { title: '行', dataIndex: 'row', width: 70 },
            { title: '列', dataIndex: 'column', width: 60 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}
