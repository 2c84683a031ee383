import type { NextFunction, Request, Response } from "express";

/**
 * Express 4 ignores the promise an async handler returns, so a rejection would surface as
 * an unhandled rejection; this hands it to next() and Express answers 500 as usual.
 */
export function expressHandler(handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res, next).catch(next);
  };
}
