import { Button, Space } from 'antd';
import { useEffect, useRef } from 'react';

/** The villager signs with a finger or the mouse; the drawing is sent as a PNG (base64, no prefix). */
export function SignaturePad({ onChange }: { onChange: (png: string | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);

  useEffect(() => {
    const context = canvas.current!.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 400, 160);
    context.lineWidth = 2.5;
    context.lineCap = 'round';
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top] as const;
  };
  const clear = () => {
    const context = canvas.current!.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 400, 160);
    drawn.current = false;
    onChange(null);
  };

  return (
    <Space direction="vertical">
      <canvas
        id="signature-pad"
        ref={canvas}
        width={400}
        height={160}
        style={{ border: '1px dashed #999', touchAction: 'none', background: '#fff' }}
        onPointerDown={(e) => {
          drawing.current = true;
          const context = e.currentTarget.getContext('2d')!;
          context.beginPath();
          context.moveTo(...point(e));
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const context = e.currentTarget.getContext('2d')!;
          context.lineTo(...point(e));
          context.stroke();
          drawn.current = true;
        }}
        onPointerUp={() => {
          drawing.current = false;
          if (drawn.current) onChange(canvas.current!.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''));
        }}
      />
      <Button size="small" onClick={clear}>重签</Button>
    </Space>
  );
}
