import { Alert, App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useDecisionSettings, useDecisionSettingsActions } from '../../api/documents';

/**
 * 决定机关与文号: each department decides in its own name with its 机关代字; where the city
 * concentrated licensing in a 行政审批局, the bureau decides for the listed departments.
 */
export function DecisionSettingsPage() {
  const { data, isLoading, error } = useDecisionSettings();
  const { save, abbreviation } = useDecisionSettingsActions();
  const { message } = App.useApp();
  const [bureau, setBureau] = useState<number | null>(null);
  const [concentrated, setConcentrated] = useState<number[]>([]);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  useEffect(() => {
    if (!data) return;
    setBureau(data.approvalBureauId);
    setConcentrated(data.concentratedDepartmentIds);
  }, [data]);
  const departments = data?.departments ?? [];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {error && <Alert type="error" message={error.message} />}
      <Card title="相对集中行政许可权（行政审批局）" loading={isLoading}>
        <Typography.Paragraph type="secondary">
          未指定时，各部门以自己的名义作出决定、编文号、加盖本部门电子印章。指定行政审批局后，所选部门的行政许可事项由审批局以其名义决定、编号并盖章，所发证照也以审批局为发证机关。
        </Typography.Paragraph>
        <Space wrap>
          <Select
            allowClear
            placeholder="行政审批局（不设则留空）"
            style={{ width: 280 }}
            value={bureau ?? undefined}
            onChange={(v) => setBureau(v ?? null)}
            options={departments.map((d) => ({ value: d.id, label: d.name }))}
          />
          <Select
            mode="multiple"
            placeholder="集中行使其许可权的部门"
            style={{ minWidth: 360 }}
            disabled={!bureau}
            value={concentrated}
            onChange={setConcentrated}
            options={departments.filter((d) => d.id !== bureau).map((d) => ({ value: d.id, label: d.name }))}
          />
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { approvalBureauId: bureau, concentratedDepartmentIds: bureau ? concentrated : [] },
                { onSuccess: () => message.success('已保存'), onError: (e) => message.error(errorMessage(e)) },
              )
            }
          >
            保存
          </Button>
        </Space>
      </Card>
      <Card title="机关代字（文号）">
        <Typography.Paragraph type="secondary">
          决定书文号为“机关代字 + 类别 + 〔年份〕 + 序号 + 号”，如 梅市监许准〔2026〕12号；每个决定机关每年一个序列，在作出决定时连续编号。未设代字的部门以全称编号。
        </Typography.Paragraph>
        <Table
          rowKey="id"
          size="small"
          loading={isLoading}
          dataSource={departments}
          pagination={false}
          columns={[
            { title: '部门', dataIndex: 'name' },
            {
              title: '机关代字',
              render: (_, d) => (
                <Input
                  style={{ width: 160 }}
                  maxLength={12}
                  value={drafts[d.id] ?? d.abbreviation ?? ''}
                  placeholder="如 梅市监"
                  onChange={(e) => setDrafts({ ...drafts, [d.id]: e.target.value })}
                />
              ),
            },
            { title: '文号示例', render: (_, d) => `${(drafts[d.id] ?? d.abbreviation) || d.name}许准〔${new Date().getFullYear()}〕1号` },
            { title: '电子印章', render: (_, d) => (d.hasActiveSeal ? <Tag color="green">有效</Tag> : <Tag color="red">未制章（不能出具文书）</Tag>) },
            {
              title: '',
              render: (_, d) => (
                <Button
                  size="small"
                  disabled={drafts[d.id] === undefined}
                  loading={abbreviation.isPending && abbreviation.variables?.departmentId === d.id}
                  onClick={() =>
                    abbreviation.mutate(
                      { departmentId: d.id, abbreviation: drafts[d.id]?.trim() || null },
                      {
                        onSuccess: () => {
                          const { [d.id]: _, ...rest } = drafts;
                          setDrafts(rest);
                          message.success('已保存');
                        },
                        onError: (e) => message.error(errorMessage(e)),
                      },
                    )
                  }
                >
                  保存
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
