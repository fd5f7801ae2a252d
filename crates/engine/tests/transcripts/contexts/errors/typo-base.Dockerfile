FROM alpnie:3.22
RUN echo hi
