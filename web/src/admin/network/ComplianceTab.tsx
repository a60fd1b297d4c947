import { App, Button, Progress, Space, Table, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { useCompliance, useSetCentreItem, type TComplianceRow } from '../../api/network';
import { MODE_LABELS } from './LevelModesTab';

/**
 * 应进必进: per town and village centre, how much of the guiding list it offers and which guiding
 * items it does not yet; an administrator brings an item in with one click (in the mode its level allows).
 */
export function ComplianceTab({ editable }: { editable: boolean }) {
  const { data = [], isLoading } = useCompliance();
  const offer = useSetCentreItem();
  const { message } = App.useApp();
  const complete = data.filter((c) => c.missing.length === 0).length;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        基层便民服务事项指导性目录要求乡镇、村级网点“应进必进”：{data.length} 个网点中 {complete} 个已全部进驻。
      </Typography.Text>
      <Table<TComplianceRow>
        rowKey="centreId"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        data-testid="compliance"
        columns={[
          { title: '网点', dataIndex: 'centreName' },
          { title: '层级', dataIndex: 'level', render: (l: string) => (l === 'town' ? '乡镇（街道）' : '村（社区）') },
          { title: '指导目录事项', dataIndex: 'required' },
          {
            title: '已进驻',
            render: (_: unknown, c) => <Progress size="small" style={{ minWidth: 140 }} percent={c.required === 0 ? 100 : Math.round((c.offered / c.required) * 100)} format={() => `${c.offered}/${c.required}`} />,
          },
          {
            title: '尚未进驻',
            render: (_: unknown, c) =>
              c.missing.length === 0 ? (
                <Tag color="green">已全部进驻</Tag>
              ) : (
                <Space size={[4, 4]} wrap>
                  {c.missing.map((m) => (
                    <Space.Compact key={m.itemId}>
                      <Tag color="red" style={{ marginInlineEnd: 0 }}>
                        {m.name}（{MODE_LABELS[m.mode]}）
                      </Tag>
                      {editable && (
                        <Button
                          size="small"
                          aria-label={`${c.centreName}开办${m.name}`}
                          loading={offer.isPending && offer.variables?.centreId === c.centreId && offer.variables.itemId === m.itemId}
                          onClick={() =>
                            offer.mutate({ centreId: c.centreId, itemId: m.itemId, mode: m.mode }, { onSuccess: () => message.success(`${c.centreName} 已开办「${m.name}」`), onError: (e) => message.error(errorMessage(e)) })
                          }
                        >
                          开办
                        </Button>
                      )}
                    </Space.Compact>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
