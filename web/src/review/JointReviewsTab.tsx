import { App, Button, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import type { TSignOpinionRequest } from '../../../server/src/modules/projects/schema';
import { useMyJointReviews, useSignJointReview, type JointReview } from '../api/projects';

type Conclusion = TSignOpinionRequest['conclusion'];

/** 联合图审 / 联合验收 my department takes part in: the others' sign-offs, and ours to sign once. */
export function JointReviewsTab() {
  const { data = [], isLoading } = useMyJointReviews();
  const { data: me } = useMe();
  if (!isLoading && data.length === 0) return <Empty description="本部门没有参加的联合图审、联合验收" />;
  return (
    <Table<JointReview>
      rowKey="id"
      loading={isLoading}
      dataSource={data}
      pagination={false}
      columns={[
        { title: '类型', dataIndex: 'kindLabel' },
        { title: '名称', dataIndex: 'title' },
        { title: '日期', dataIndex: 'heldOn' },
        {
          title: '各部门',
          render: (_, r) => (
            <Space size={[4, 4]} wrap>
              {r.opinions.map((o) => (
                <Tag key={o.departmentId} color={o.conclusion ? 'green' : undefined}>
                  {o.departmentName}：{o.conclusionLabel ?? '未签署'}
                </Tag>
              ))}
            </Space>
          ),
        },
        {
          title: '本部门意见',
          width: 420,
          render: (_, r) => {
            const own = r.opinions.find((o) => o.departmentId === me?.departmentId);
            if (!own) return '—';
            return own.signedAt ? <Typography.Text>{own.conclusionLabel}：{own.opinion}</Typography.Text> : <SignForm review={r} />;
          },
        },
      ]}
    />
  );
}

function SignForm({ review }: { review: JointReview }) {
  const [conclusion, setConclusion] = useState<Conclusion>('pass');
  const [opinion, setOpinion] = useState('');
  const sign = useSignJointReview();
  const { message } = App.useApp();
  return (
    <Space.Compact style={{ width: '100%' }} data-testid="sign-joint-review">
      <Select<Conclusion> value={conclusion} onChange={setConclusion} style={{ width: 120 }} options={[{ value: 'pass', label: '通过' }, { value: 'pass_with_conditions', label: '有条件通过' }, { value: 'fail', label: '不通过' }]} />
      <Input placeholder="审查意见" aria-label={`审查意见 ${review.title}`} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
      <Button
        type="primary"
        loading={sign.isPending}
        onClick={() =>
          opinion.trim().length < 2
            ? message.warning('请填写审查意见')
            : sign.mutate({ reviewId: review.id, conclusion, opinion: opinion.trim() }, { onSuccess: () => message.success('已签署'), onError: (e) => message.error(errorMessage(e)) })
        }
      >
        签署
      </Button>
    </Space.Compact>
  );
}
