import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, List, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../api/client';
import type { Directive } from '../api/supervision';
import type { TDirectiveList } from '../../../server/src/modules/directives/schema';
import { formatDate, formatTime } from '../components/format';

/** 督办 addressed to my department, and the replies. */
export function DirectivesTab({ casePath }: { casePath: string }) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [replying, setReplying] = useState<Directive | null>(null);
  const [text, setText] = useState('');
  const { data, isLoading } = useQuery({ queryKey: ['directives'], queryFn: () => api.get<TDirectiveList>('/api/directives') });
  const reply = useMutation({
    mutationFn: ({ id, reply }: { id: number; reply: string }) => api.post(`/api/directives/${id}/reply`, { reply }),
    onSuccess: () => {
      message.success('已回复');
      setReplying(null);
      setText('');
      void client.invalidateQueries({ queryKey: ['directives'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <>
      <List
        loading={isLoading}
        dataSource={data?.directives ?? []}
        locale={{ emptyText: '没有督办' }}
        renderItem={(d) => (
          <List.Item
            actions={d.repliedAt ? [] : [<Button key="r" type="primary" size="small" onClick={() => setReplying(d)}>回复</Button>]}
          >
            <List.Item.Meta
              title={
                <span>
                  {d.caseId ? <Link to={`${casePath}/${d.caseId}`}>办件 {d.caseNumber}</Link> : d.departmentName}{' '}
                  {d.repliedAt ? <Tag color="green">已回复</Tag> : d.escalatedAt ? <Tag color="red">逾期已升级</Tag> : <Tag color="orange">待回复（{formatDate(d.replyDue)} 前）</Tag>}
                </span>
              }
              description={
                <>
                  <div>{d.content}</div>
                  {d.reply && <Typography.Text type="secondary">回复：{d.reply}</Typography.Text>}
                  <div style={{ fontSize: 12, color: '#595959' }}>督办时间 {formatTime(d.issuedAt)}</div>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={Boolean(replying)}
        title="回复督办"
        okText="确定"
        cancelText="取消"
        confirmLoading={reply.isPending}
        onCancel={() => setReplying(null)}
        onOk={() => replying && reply.mutate({ id: replying.id, reply: text })}
      >
        <Typography.Paragraph>{replying?.content}</Typography.Paragraph>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="办理情况" />
      </Modal>
    </>
  );
}
