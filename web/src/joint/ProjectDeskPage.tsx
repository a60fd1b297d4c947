import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useDepartments } from '../api/catalog';
import { errorMessage } from '../api/client';
import type { TJointReviewRequest, TMeetingRequest } from '../../../server/src/modules/projects/schema';
import { useCreateJointReview, useHoldMeeting, useProject, type JointReview, type Meeting, type Project } from '../api/projects';
import { formatTime } from '../components/format';
import { chinaToday } from '../supervise/format';
import { ProjectCard } from './ProjectBoard';

const CONCLUSION_COLORS: Record<string, string> = { pass: 'green', pass_with_conditions: 'gold', fail: 'red' };

/**
 * 项目协调 (the centre's desk for one construction project): the stage map, 联合图审 / 联合验收
 * records with each department's sign-off, and 联审会议 deciding several child cases at once.
 */
export function ProjectDeskPage() {
  const projectId = Number(useParams().projectId);
  const { data, isLoading, error } = useProject(projectId);
  const [dialog, setDialog] = useState<'review' | 'meeting' | null>(null);
  const [held, setHeld] = useState<Meeting | null>(null);
  if (isLoading) return <Skeleton active />;
  if (error || !data) return <Alert type="error" showIcon message={error?.message ?? '项目不存在'} />;
  const { project, reviews } = data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ProjectCard p={project} />
      <Card
        title="联合图审 / 联合验收"
        extra={
          <Button onClick={() => setDialog('review')} data-testid="new-joint-review">
            组织联合图审 / 验收
          </Button>
        }
      >
        {reviews.length === 0 ? <Typography.Text type="secondary">尚未组织</Typography.Text> : reviews.map((r) => <ReviewRecord key={r.id} review={r} />)}
      </Card>
      <Card
        title="联审会议"
        extra={
          <Button type="primary" onClick={() => setDialog('meeting')} data-testid="new-meeting">
            召开联审会议
          </Button>
        }
      >
        {held ? <MeetingRecord meeting={held} /> : <Typography.Text type="secondary">联审会议可一次决定多个部门的子办件，各决定记入各办件的办理记录。</Typography.Text>}
      </Card>
      {dialog === 'review' && <JointReviewDialog project={project} onClose={() => setDialog(null)} />}
      {dialog === 'meeting' && (
        <MeetingDialog
          project={project}
          onClose={() => setDialog(null)}
          onHeld={(m) => {
            setHeld(m);
            setDialog(null);
          }}
        />
      )}
    </Space>
  );
}

function ReviewRecord({ review }: { review: JointReview }) {
  return (
    <div data-testid="joint-review" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Typography.Text strong>
          {review.kindLabel}：{review.title}
        </Typography.Text>
        <Typography.Text type="secondary">{review.heldOn}</Typography.Text>
        {review.closed ? <Tag color="green">各部门已签署，记录办结</Tag> : <Tag color="processing">待部门签署</Tag>}
      </Space>
      <Table
        size="small"
        rowKey="departmentId"
        pagination={false}
        dataSource={review.opinions}
        columns={[
          { title: '部门', dataIndex: 'departmentName' },
          { title: '结论', render: (_, o) => (o.conclusion ? <Tag color={CONCLUSION_COLORS[o.conclusion]}>{o.conclusionLabel}</Tag> : <Tag>未签署</Tag>) },
          { title: '意见', dataIndex: 'opinion', render: (v: string | null) => v ?? '—' },
          { title: '签署', render: (_, o) => (o.signedBy ? `${o.signedBy}（${formatTime(o.signedAt)}）` : '—') },
        ]}
      />
    </div>
  );
}

function MeetingRecord({ meeting }: { meeting: Meeting }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="meeting-record">
      <Typography.Text strong>
        {meeting.title}（{meeting.heldOn}）
      </Typography.Text>
      <Typography.Text type="secondary">参会部门：{meeting.departments.join('、')}</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{meeting.minutes}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="caseId"
        pagination={false}
        dataSource={meeting.decisions}
        columns={[
          { title: '办件', dataIndex: 'caseNumber' },
          { title: '事项', dataIndex: 'itemName' },
          { title: '部门', dataIndex: 'departmentName' },
          { title: '决定', dataIndex: 'decision', render: (d: string) => (d === 'approve' ? <Tag color="green">准予</Tag> : <Tag color="red">不予</Tag>) },
          { title: '部门代表', dataIndex: 'decidedBy' },
        ]}
      />
    </Space>
  );
}

/** The departments of the project's child cases: who can sit at its joint review or meeting. */
function projectDepartments(project: Project) {
  return [...new Map(project.stages.flatMap((s) => s.cells).map((c) => [c.departmentId, c.departmentName])).entries()].map(([id, name]) => ({ id, name }));
}

function JointReviewDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const create = useCreateJointReview(project.id);
  const { data: all = [] } = useDepartments();
  const { message } = App.useApp();
  const [form] = Form.useForm<Omit<TJointReviewRequest, 'heldOn'> & { heldOn: dayjs.Dayjs }>();
  const own = projectDepartments(project);
  const options = [...own, ...all.filter((d) => !own.some((o) => o.id === d.id))].map((d) => ({ value: d.id, label: d.name }));
  return (
    <Modal open title="组织联合图审 / 联合验收" okText="组织" confirmLoading={create.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'drawing_review', title: `${project.name} 施工图联合审查`, heldOn: dayjs(chinaToday()), departmentIds: own.map((d) => d.id) }}
        onFinish={(v) =>
          create.mutate(
            { kind: v.kind, title: v.title, heldOn: v.heldOn.format('YYYY-MM-DD'), departmentIds: v.departmentIds },
            { onSuccess: () => (message.success('已组织，等待各部门签署意见'), onClose()), onError: (e) => message.error(errorMessage(e)) },
          )
        }
      >
        <Form.Item name="kind" label="类型">
          <Select options={[{ value: 'drawing_review', label: '联合图审' }, { value: 'completion_acceptance', label: '联合验收' }]} />
        </Form.Item>
        <Form.Item name="title" label="名称" rules={[{ required: true, min: 2, message: '请填写名称' }]}>
          <Input id="review-title" />
        </Form.Item>
        <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="departmentIds" label="参加部门（至少两个）" rules={[{ required: true, type: 'array', min: 2, message: '至少两个部门' }]}>
          <Select id="review-departments" mode="multiple" optionFilterProp="label" options={options} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Line {
  caseId: string;
  departmentId: number;
  departmentName: string;
  itemName: string;
  stageNo: number;
  chosen: boolean;
  decision: TMeetingRequest['decisions'][number]['decision'];
  opinion: string;
}

/**
 * 召开联审会议: the child cases still with their departments, each ticked with its decision and
 * opinion; the departments of the ticked cases sit at the meeting, each through its representative.
 */
function MeetingDialog({ project, onClose, onHeld }: { project: Project; onClose: () => void; onHeld: (m: Meeting) => void }) {
  const hold = useHoldMeeting(project.id);
  const { message } = App.useApp();
  const [title, setTitle] = useState(`${project.name} 联审会议`);
  const [minutes, setMinutes] = useState('');
  const [lines, setLines] = useState<Line[]>(() =>
    project.stages.flatMap((s) =>
      s.cells
        .filter((c) => c.status === 'accepted')
        .map((c) => ({ caseId: c.caseId, departmentId: c.departmentId, departmentName: c.departmentName, itemName: c.itemName, stageNo: s.stageNo, chosen: true, decision: 'approve' as const, opinion: '经会议审议，符合条件，同意' })),
    ),
  );
  const set = (caseId: string, patch: Partial<Line>) => setLines((ls) => ls.map((l) => (l.caseId === caseId ? { ...l, ...patch } : l)));
  const chosen = lines.filter((l) => l.chosen);
  const submit = () => {
    if (minutes.trim().length < 2) return void message.warning('请填写会议纪要');
    if (!chosen.length) return void message.warning('请选择会议决定的办件');
    hold.mutate(
      {
        title,
        heldOn: chinaToday(),
        departmentIds: [...new Set(chosen.map((l) => l.departmentId))],
        projectIds: [project.id],
        minutes,
        decisions: chosen.map((l) => ({ caseId: l.caseId, decision: l.decision, opinion: l.opinion })),
      },
      { onSuccess: (r) => (message.success(`会议已决定 ${r.meeting.decisions.length} 个办件`), onHeld(r.meeting)), onError: (e) => message.error(errorMessage(e)) },
    );
  };
  return (
    <Modal open width={900} title="召开联审会议" okText="记录会议并作出决定" confirmLoading={hold.isPending} onCancel={onClose} onOk={submit}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input addonBefore="会议名称" value={title} onChange={(e) => setTitle(e.target.value)} />
        <Input.TextArea id="meeting-minutes" rows={3} placeholder="会议纪要：议题、各部门意见、结论" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        {lines.length === 0 ? (
          <Alert type="info" showIcon message="没有仍在部门审查中的子办件" />
        ) : (
          <Table<Line>
            size="small"
            rowKey="caseId"
            pagination={false}
            dataSource={lines}
            onRow={() => ({ 'data-testid': 'meeting-line' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '', render: (_, l) => <Checkbox checked={l.chosen} onChange={(e) => set(l.caseId, { chosen: e.target.checked })} /> },
              { title: '阶段', dataIndex: 'stageNo', render: (n: number) => `第 ${n} 阶段` },
              { title: '部门', dataIndex: 'departmentName' },
              { title: '事项', dataIndex: 'itemName' },
              {
                title: '决定',
                render: (_, l) => (
                  <Select size="small" value={l.decision} style={{ width: 90 }} onChange={(v) => set(l.caseId, { decision: v })} options={[{ value: 'approve', label: '准予' }, { value: 'deny', label: '不予' }]} />
                ),
              },
              { title: '意见', render: (_, l) => <Input size="small" value={l.opinion} onChange={(e) => set(l.caseId, { opinion: e.target.value })} /> },
            ]}
          />
        )}
        <Typography.Text type="secondary">各部门由承办人（未认领的由首席代表）作为部门代表，决定记入各办件办理记录。</Typography.Text>
      </Space>
    </Modal>
  );
}
