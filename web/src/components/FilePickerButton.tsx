import { UploadOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useRef } from 'react';

/** The formats the platform takes for materials (the server checks them again). */
export const MATERIAL_ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd';

/**
 * A button that opens the system file dialog and hands over the chosen files: a hidden file input
 * clicked from the button's own click, so Enter and Space work as on any button and the focus stays
 * on the button afterwards. antd's Upload blurs its button as it opens the dialog, which left a
 * keyboard user at the top of the page after every file, to Tab down the whole list again.
 */
export function FilePickerButton({ accept = MATERIAL_ACCEPT, multiple, onFiles, children, ...button }: Omit<ButtonProps, 'onClick'> & {
  accept?: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        // Not rendered (display, not the hidden attribute, which page styles can override); named
        // anyway, as the button it stands behind, for checkers that look at every input.
        style={{ display: 'none' }}
        aria-label={typeof button['aria-label'] === 'string' ? button['aria-label'] : '选择文件'}
        tabIndex={-1}
        accept={accept}
        multiple={multiple}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Cleared so that choosing the same file again (after a failed upload) fires again.
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <Button icon={<UploadOutlined />} {...button} onClick={() => input.current?.click()}>
        {children}
      </Button>
    </>
  );
}
