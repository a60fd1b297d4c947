import { Button, Card, Descriptions, Empty, Input, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useProjects, useStageFigures, type Project } from '../api/projects';
import { LightTag } from '../components/StatusTag';

const CELL_COLORS: Record<string, string> = { green: '#f6ffed', yellow: '#fffbe6', red: '#fff1f0', grey: '#fafafa' };
const RANK: Record<string, number> = { grey: 1, green: 0, yellow: 2, red: 3 };

/** A department with several items in a stage is as late as its latest item. */
function worstLight(lights: (string | null)[]): string | null {
  return lights.reduce<string | null>((worst, l) => (l && (worst === null || RANK[l]! > RANK[worst]!) ? l : worst), null);
}

/**
 * 项目看板: stages × departments, each cell coloured by its department's clock; the project as red
 * as its worst stage, naming the department holding it.
 */
export function ProjectBoard({ applyBase, manageBase }: { applyBase?: string; manageBase?: string }) {
  const { data, isLoading } = useProjects({ refetchInterval: 30_000 });
  if (isLoading) return <Skeleton active />;
  if (!data?.length) return <Empty description="暂无工程建设项目" />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {data.map((p) => (
        <ProjectCard key={p.id} p={p} applyBase={applyBase} manageBase={manageBase} />
      ))}
    </Space>
  );
}

/** One project's stage map: stages × departments, with a link to the centre's desk where given. */
export function ProjectCard({ p, applyBase, manageBase }: { p: Project; applyBase?: string; manageBase?: string }) {
  const departments = [...new Map(p.stages.flatMap((s) => s.cells).map((c) => [c.departmentId, c.departmentName])).entries()];
  const rows = departments.map(([id, name]) => ({ id, name }));
  return (
    <Card
      data-testid="project-card"
      title={
        <Space wrap>
          {manageBase ? <Link to={`${manageBase}/${p.id}`}>{p.name}</Link> : <span>{p.name}</span>}
          {p.keyProject && <Tag color="magenta">重点项目 · 绿色通道</Tag>}
          <span data-testid="project-light">
            <LightTag light={p.light} workdaysLeft={null} />
          </span>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="项目代码">{p.code}</Descriptions.Item>
        <Descriptions.Item label="建设单位">{p.ownerName}</Descriptions.Item>
        <Descriptions.Item label="代办员">{p.agentName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="建设地点">{p.location}</Descriptions.Item>
        <Descriptions.Item label="总投资">{p.investmentWan} 万元</Descriptions.Item>
        <Descriptions.Item label="全流程用时">
          {p.elapsedWorkdays} / {p.limitDays} 个工作日
        </Descriptions.Item>
        {p.bottleneck && (
          <Descriptions.Item label="短板部门">
            <Typography.Text type={p.bottleneck.late ? 'danger' : 'warning'} strong data-testid="project-bottleneck">
              {p.bottleneck.departmentName}（第 {p.bottleneck.stageNo} 阶段 · {p.bottleneck.itemName}）
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        locale={{ emptyText: '尚无阶段进入并联审批' }}
        columns={[
          { title: '部门', dataIndex: 'name', fixed: 'left' },
          ...p.stages.map((s) => ({
            title: (
              <Space direction="vertical" size={0}>
                <span>
                  {s.stageNo}. {s.name}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.statusLabel} · 限 {s.limitDays} 个工作日{s.dueDate ? ` · ${s.dueDate} 前` : ''}
                </Typography.Text>
                <LightTag light={s.light} workdaysLeft={s.workdaysLeft} />
                {/* The next stage only: after the previous one completes, or alongside it (容缺) once it is under way. */}
                {applyBase && s.status === 'waiting' && (s.stageNo === 1 || p.stages.find((x) => x.stageNo === s.stageNo - 1)?.status !== 'waiting') && (
                  <Link to={`${applyBase}/${p.id}/stages/${s.stageNo}`}>
                    <Button size="small" type="link" style={{ padding: 0 }}>
                      申报本阶段
                    </Button>
                  </Link>
                )}
              </Space>
            ),
            key: `stage-${s.stageNo}`,
            onCell: (row: { id: number }) => {
              const light = worstLight(s.cells.filter((c) => c.departmentId === row.id).map((c) => c.light));
              return { style: { background: light ? CELL_COLORS[light] : undefined } };
            },
            render: (_: unknown, row: { id: number }) =>
              s.cells
                .filter((c) => c.departmentId === row.id)
                .map((cell) => (
                  <Space key={cell.caseId} direction="vertical" size={0} data-testid="board-cell" style={{ display: 'flex' }}>
                    <span>{cell.itemName}</span>
                    <Typography.Text type={cell.late ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                      {cell.statusLabel} · 用时 {cell.usedWorkdays} 个工作日{cell.late ? ' · 超期' : ''}
                    </Typography.Text>
                  </Space>
                )),
          })),
        ]}
      />
    </Card>
  );
}

/** 月度通报 — 工程建设项目各阶段、各部门用时. */
export function StageFiguresCard() {
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const { data } = useStageFigures(month);
  return (
    <Card title="月度通报：工程建设项目各阶段用时" extra={<Input type="month" aria-label="月份" value={month} onChange={(e) => setMonth(e.target.value)} style={{ width: 160 }} />}>
      {data && (
        <>
          <Typography.Paragraph>
            本月办结联办件 {data.joint.completedApplications} 件，按时 {data.joint.onTime} 件，超期 {data.joint.late} 件。
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="stageNo"
            pagination={false}
            dataSource={data.stages}
            columns={[
              { title: '阶段', render: (_, s) => `${s.stageNo}. ${s.name}` },
              { title: '办结', dataIndex: 'completedApplications' },
              { title: '平均用时（工作日）', dataIndex: 'avgWorkdays', render: (v: number | null) => v ?? '—' },
              {
                title: '各部门（决定件数 / 用时合计 / 超期）',
                render: (_, s) =>
                  s.departments.map((d) => (
                    <div key={d.departmentId}>
                      <Typography.Text type={d.lateCases ? 'danger' : undefined}>
                        {d.departmentName}：{d.decidedCases} 件 / {d.workdaysUsed} 个工作日{d.lateCases ? ` / 超期 ${d.lateCases} 件` : ''}
                      </Typography.Text>
                    </div>
                  )),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
